import org.provenancelab.claims.*;
import org.provenancelab.provenance.*;
import org.provenancelab.view.*;
import tech.tablesaw.api.*;
import tech.tablesaw.plotly.components.*;
import tech.tablesaw.plotly.traces.*;
