package org.provenancelab.bench;

import java.util.Locale;
import org.provenancelab.zoo.Zoo;
import org.provenancelab.zoo.ZooEntry;
import org.provenancelab.zoo.ZooModel;

/** Loads the whole zoo from its jars and prints every inventory, then the time it took. */
public final class ZooInventories {
    public static void main(String[] args) throws Exception {
        long t0 = System.nanoTime();
        int tensors = 0;
        for (ZooEntry e : Zoo.catalog()) {
            ZooModel m = Zoo.open(e.name());
            var table = m.inventory().table();
            tensors += table.rowCount();
            System.out.println(table.printAll());
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "zoo: %d models, %d tensors, loaded and printed in %.1f s%n",
                Zoo.catalog().size(), tensors, (System.nanoTime() - t0) / 1e9);
    }
}
