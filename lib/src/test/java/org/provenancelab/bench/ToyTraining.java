package org.provenancelab.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.provenancelab.toy.ToyFamily;

/**
 * Trains the standard toy family from scratch into a temporary folder (the lab's cache is not
 * touched) and prints wall and CPU time per member, the total, and the baseline measured in the
 * same run: one training step of an independent member. Last line:
 * {@code toy_family_wall_s=… cpu_s=… steps_equivalent=…} (total CPU over one step's CPU).
 */
public final class ToyTraining {
    public static void main(String[] args) throws Exception {
        Path tmp = Files.createTempDirectory("toy-bench");
        try {
            var spec = ToyFamily.standardSpec();
            double stepCpu = ToyFamily.measureStepCpuSeconds(spec, 5);
            long t0 = System.nanoTime();
            ToyFamily f = ToyFamily.load(spec, tmp);
            double wall = (System.nanoTime() - t0) / 1e9;
            var timing = f.timing();
            double cpu = 0;
            for (var m : f.members()) {
                double c = timing.path(m.name() + "_cpu_ms").asDouble() / 1000;
                cpu += c;
                System.out.printf(Locale.ROOT, "%-16s steps=%4d wall=%7.1fs cpu=%7.1fs%n", m.name(), m.steps(),
                        timing.path(m.name() + "_ms").asDouble() / 1000, c);
            }
            System.out.printf(Locale.ROOT, "one step (baseline, same run): cpu=%.3fs; threads=%d; cores=%d%n", stepCpu,
                    timing.path("threads").asInt(), Runtime.getRuntime().availableProcessors());
            System.out.printf(Locale.ROOT, "toy_family_wall_s=%.1f cpu_s=%.1f steps_equivalent=%.0f%n", wall, cpu, cpu / stepCpu);
        } finally {
            try (var s = Files.walk(tmp)) {
                for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
