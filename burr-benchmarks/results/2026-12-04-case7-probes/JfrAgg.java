import java.nio.file.Path;
import java.time.Duration;
import java.util.*;
import jdk.jfr.consumer.*;

/** Aggregates a recording's samples, parks and socket reads by store (from the stack or thread name), thread kind and frame. */
public class JfrAgg {
	record Key(String store, String kind, String what) {}
	public static void main(String[] args) throws Exception {
		Map<Key, Integer> samples = new HashMap<>();
		Map<Key, long[]> parks = new HashMap<>();
		Map<Key, long[]> reads = new HashMap<>();
		double[] cpu = new double[3]; int cpuN = 0;
		try (RecordingFile file = new RecordingFile(Path.of(args[0]))) {
			while (file.hasMoreEvents()) {
				RecordedEvent e = file.readEvent();
				String type = e.getEventType().getName();
				if (type.equals("jdk.CPULoad")) { cpu[0] += e.getFloat("jvmUser"); cpu[1] += e.getFloat("jvmSystem"); cpu[2] += e.getFloat("machineTotal"); cpuN++; continue; }
				boolean sample = type.equals("jdk.ExecutionSample") || type.equals("jdk.NativeMethodSample");
				if (!sample && !type.equals("jdk.ThreadPark") && !type.equals("jdk.SocketRead")) continue;
				RecordedThread t = sample ? e.getThread("sampledThread") : e.getThread();
				String th = (t == null || t.getJavaName() == null) ? "?" : t.getJavaName();
				List<String> fr = new ArrayList<>();
				if (e.getStackTrace() != null) for (RecordedFrame f : e.getStackTrace().getFrames()) fr.add(f.getMethod().getType().getName() + "." + f.getMethod().getName() + ":" + f.getLineNumber());
				String all = String.join(" ", fr);
				String store;
				if (th.contains("write-behind")) store = th.contains("Redis") ? "redis" : (th.contains("burrbench_") ? "postgres" : "sqlite");
				else if (all.contains("org.sqlite") || all.contains("SqliteDialect")) store = "sqlite";
				else if (all.contains("org.postgresql") || all.contains("PostgresDialect")) store = "postgres";
				else if (all.contains("lettuce") || all.contains("dev.burr.redis") || all.contains("RedisBackend")) store = "redis";
				else store = "?";
				String kind = th.contains("write-behind") ? "writer" : th.replaceAll("\\d+", "N").split(" ")[0];
				String burr = fr.stream().filter(f -> f.startsWith("dev.burr") && !f.contains("Harness")).findFirst().orElse(fr.stream().filter(f -> f.startsWith("dev.burr")).findFirst().orElse("-"));
				if (sample) {
					String top = fr.isEmpty() ? "?" : fr.get(0);
					samples.merge(new Key(store, kind + " " + (type.endsWith("ExecutionSample") ? "java" : "native"), top + "   <- " + burr), 1, Integer::sum);
				}
				else {
					long nanos = e.getDuration().toNanos();
					Map<Key, long[]> m = type.equals("jdk.ThreadPark") ? parks : reads;
					long[] v = m.computeIfAbsent(new Key(store, kind, type.equals("jdk.ThreadPark") ? burr : "-"), k -> new long[2]);
					v[0]++; v[1] += nanos;
				}
			}
		}
		int top = args.length > 1 ? Integer.parseInt(args[1]) : 6;
		System.out.printf(Locale.ROOT, "CPULoad means over %d samples: jvmUser %.2f jvmSystem %.2f machineTotal %.2f%n", cpuN, cpu[0] / cpuN, cpu[1] / cpuN, cpu[2] / cpuN);
		Map<String, List<Map.Entry<Key, Integer>>> groups = new TreeMap<>();
		for (var en : samples.entrySet()) groups.computeIfAbsent(en.getKey().store() + " | " + en.getKey().kind(), k -> new ArrayList<>()).add(en);
		for (var g : groups.entrySet()) {
			int total = g.getValue().stream().mapToInt(Map.Entry::getValue).sum();
			if (total < 15) continue;
			System.out.println("== samples " + g.getKey() + ": " + total);
			g.getValue().sort((a, b) -> b.getValue() - a.getValue());
			for (var en : g.getValue().subList(0, Math.min(top, g.getValue().size()))) System.out.printf(Locale.ROOT, "   %5d %s%n", en.getValue(), en.getKey().what());
		}
		System.out.println("== jdk.ThreadPark (from the threshold of the settings), top 25 by total time");
		parks.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).limit(25).forEach(en ->
			System.out.printf(Locale.ROOT, "   n %7d total %7.1f s mean %6.1f ms  %s / %s / %s%n", en.getValue()[0], en.getValue()[1] / 1e9, en.getValue()[1] / 1e6 / en.getValue()[0], en.getKey().store(), en.getKey().kind(), en.getKey().what()));
		System.out.println("== jdk.SocketRead (from the threshold)");
		reads.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[1], a.getValue()[1])).forEach(en ->
			System.out.printf(Locale.ROOT, "   n %7d total %7.1f s mean %6.1f ms  %s / %s%n", en.getValue()[0], en.getValue()[1] / 1e9, en.getValue()[1] / 1e6 / en.getValue()[0], en.getKey().store(), en.getKey().kind()));
	}
}
