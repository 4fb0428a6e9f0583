package org.provenancelab.view;

import java.util.ArrayList;
import java.util.List;

/** Keeps every output shown or updated, for assertions. */
public final class RecordingSink implements Sink {
    public final List<Output> shown = new ArrayList<>();
    public final List<String> updatedIds = new ArrayList<>();
    public final List<Output> updates = new ArrayList<>();
    private final boolean rich;

    public RecordingSink(boolean rich) {
        this.rich = rich;
    }

    @Override
    public String show(Output output) {
        shown.add(output);
        return "id" + shown.size();
    }

    @Override
    public void update(String id, Output output) {
        updatedIds.add(id);
        updates.add(output);
    }

    @Override
    public boolean rich() {
        return rich;
    }
}
