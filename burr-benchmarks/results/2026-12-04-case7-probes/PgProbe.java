package dev.burr.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.*;
import java.util.*;
import java.util.concurrent.*;
import com.zaxxer.hikari.HikariDataSource;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.serde.StateSerde;

/** Where a PostgreSQL row's time goes: autocommit vs one transaction per 256 rows vs JDBC batches; backend CPU from /proc. */
public class PgProbe {
	static List<String> json;
	static long ids;
	public static void main(String[] args) throws Exception {
		String url = args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test?user=postgres";
		json = Chatbot.storedJson(20, StateSerde.defaults());
		String schema = "burrprobe_" + System.nanoTime() % 100000;
		HikariDataSource ds = JdbcBackend.pool(url, "probe", 10);
		HikariDataSource dsRewrite = JdbcBackend.pool(url + "&reWriteBatchedInserts=true", "probe2", 1);
		JdbcBackend.execute(ds, "CREATE SCHEMA " + schema);
		String table = schema + ".burr_state";
		JdbcStatePersister.builder(ds).tableName(table).build().initialize();
		String sql = "INSERT INTO " + table + " (partition_key, app_id, sequence_id, position, state, status, created_at) VALUES (?, ?, ?, ?, CAST(? AS JSONB), ?, ?)";
		int rows = Integer.getInteger("rows", 2048);
		try {
			if (Boolean.getBoolean("storage")) {
				for (int round = 0; round < 2; round++) {
					JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET STORAGE EXTENDED");
					run("jsonb, pglz (default), executeBatch 256/tx", ds, sql, rows, 256, true);
					JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET STORAGE EXTERNAL");
					run("jsonb, STORAGE EXTERNAL (no compression), executeBatch 256/tx", ds, sql, rows, 256, true);
					JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET STORAGE EXTENDED");
					try {
						JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET COMPRESSION lz4");
						run("jsonb, lz4, executeBatch 256/tx", ds, sql, rows, 256, true);
						JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET COMPRESSION pglz");
					}
					catch (RuntimeException ex) {
						System.out.println("no lz4: " + ex.getMessage());
					}
					String textSql = sql.replace("CAST(? AS JSONB)", "?").replace(table, schema + ".t_text");
					if (round == 0) {
						JdbcBackend.execute(ds, "CREATE TABLE " + schema + ".t_text (LIKE " + table + " INCLUDING INDEXES)");
						JdbcBackend.execute(ds, "ALTER TABLE " + schema + ".t_text ALTER COLUMN state TYPE text");
					}
					run("text column, pglz, executeBatch 256/tx", ds, textSql, rows, 256, true);
				}
				return;
			}
			if (Boolean.getBoolean("lz4")) {
				JdbcBackend.execute(ds, "ALTER TABLE " + table + " ALTER COLUMN state SET COMPRESSION lz4");
			}
			for (int round = 0; round < Integer.getInteger("rounds", 3); round++) {
				run("autocommit, one row per commit", ds, sql, rows, 1, false);
				run("256 rows per transaction, a statement each", ds, sql, rows, 256, false);
				run("256 rows per transaction, executeBatch", ds, sql, rows, 256, true);
				run("256 rows per transaction, executeBatch, reWriteBatchedInserts", dsRewrite, sql, rows, 256, true);
				parallel(ds, sql, rows, 10);
			}
		}
		finally {
			JdbcBackend.execute(ds, "DROP SCHEMA " + schema + " CASCADE");
			ds.close();
			dsRewrite.close();
		}
	}

	static void bind(PreparedStatement ps, long n) throws SQLException {
		int seq = (int) (n % 20);
		ps.setString(1, "user-probe");
		ps.setString(2, "app-" + (n / 20) + "-" + System.identityHashCode(ps));
		ps.setLong(3, seq);
		ps.setString(4, Chatbot.position(seq));
		ps.setString(5, json.get(seq));
		ps.setString(6, "completed");
		ps.setObject(7, java.time.LocalDateTime.now(java.time.ZoneOffset.UTC));
	}

	static long backendCpuMicros(int pid) throws Exception {
		String[] f = Files.readString(Path.of("/proc/" + pid + "/stat")).split("\\) ")[1].split(" ");
		return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000; // ticks of 10 ms
	}

	static void run(String name, HikariDataSource ds, String sql, int rows, int perTx, boolean batch) throws Exception {
		try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
			int pid;
			try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("select pg_backend_pid()")) { r.next(); pid = r.getInt(1); }
			long cpu0 = backendCpuMicros(pid);
			long t0 = System.nanoTime();
			long client0 = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
			if (perTx > 1) c.setAutoCommit(false);
			for (int i = 0; i < rows; i++) {
				bind(ps, ids++);
				if (batch) ps.addBatch(); else ps.executeUpdate();
				if ((i + 1) % perTx == 0) {
					if (batch) ps.executeBatch();
					if (perTx > 1) c.commit();
				}
			}
			c.setAutoCommit(true);
			long wall = System.nanoTime() - t0;
			long client = java.lang.management.ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - client0;
			long cpu = backendCpuMicros(pid) - cpu0;
			System.out.printf(Locale.ROOT, "%-66s %7.0f rows/s  wall %6.0f us/row  backend cpu %5.0f us/row  client cpu %4.0f us/row  load %s%n",
					name, rows * 1e9 / wall, wall / 1e3 / rows, (double) cpu / rows, client / 1e3 / rows, BurrBenchmarks.loadAverage());
		}
	}

	static void parallel(HikariDataSource ds, String sql, int rows, int threads) throws Exception {
		ExecutorService pool = Executors.newFixedThreadPool(threads);
		long t0 = System.nanoTime();
		List<Future<?>> fs = new ArrayList<>();
		for (int t = 0; t < threads; t++) {
			fs.add(pool.submit(() -> {
				try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
					for (int i = 0; i < rows / threads; i++) {
						long n; synchronized (PgProbe.class) { n = ids++; }
						bind(ps, n);
						ps.executeUpdate();
					}
				}
				return null;
			}));
		}
		for (Future<?> f : fs) f.get();
		long wall = System.nanoTime() - t0;
		pool.shutdown();
		System.out.printf(Locale.ROOT, "%-66s %7.0f rows/s  load %s%n", "autocommit, one row per commit, " + threads + " connections in parallel", rows * 1e9 / wall, BurrBenchmarks.loadAverage());
	}
}
