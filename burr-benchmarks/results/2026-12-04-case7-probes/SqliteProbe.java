package dev.burr.benchmarks;

import java.nio.file.*;
import java.sql.*;
import java.util.*;
import com.zaxxer.hikari.HikariDataSource;
import dev.burr.jdbc.JdbcStatePersister;
import dev.burr.serde.StateSerde;

/** SQLite's time per 12 KB row (WAL, same migration, same URL as the benchmarks): autocommit vs 256 rows per transaction. */
public class SqliteProbe {
	public static void main(String[] args) throws Exception {
		List<String> json = Chatbot.storedJson(20, StateSerde.defaults());
		Path file = Files.createTempFile("burr-sqlite-probe", ".db");
		HikariDataSource ds = JdbcBackend.pool("jdbc:sqlite:" + file + "?journal_mode=WAL&busy_timeout=60000", "sp", 2);
		JdbcStatePersister.builder(ds).tableName("burr_state").build().initialize();
		String sql = "INSERT INTO burr_state (partition_key, app_id, sequence_id, position, state, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)";
		long n = 0;
		int rows = 2048;
		var threads = java.lang.management.ManagementFactory.getThreadMXBean();
		try (Connection c = ds.getConnection(); PreparedStatement ps = c.prepareStatement(sql)) {
			for (int round = 0; round < 3; round++) {
				for (int perTx : new int[] { 1, 256 }) {
					for (boolean batch : perTx == 1 ? new boolean[] { false } : new boolean[] { false, true }) {
						long t0 = System.nanoTime(); long c0 = threads.getCurrentThreadCpuTime();
						if (perTx > 1) c.setAutoCommit(false);
						for (int i = 0; i < rows; i++, n++) {
							int seq = (int) (n % 20);
							ps.setString(1, "u"); ps.setString(2, "app-" + (n / 20)); ps.setLong(3, seq); ps.setString(4, Chatbot.position(seq));
							ps.setString(5, json.get(seq)); ps.setString(6, "completed"); ps.setString(7, "2026-12-04 00:00:00.000000");
							if (batch) ps.addBatch(); else ps.executeUpdate();
							if ((i + 1) % perTx == 0) { if (batch) ps.executeBatch(); if (perTx > 1) c.commit(); }
						}
						c.setAutoCommit(true);
						long wall = System.nanoTime() - t0, cpu = threads.getCurrentThreadCpuTime() - c0;
						System.out.printf(Locale.ROOT, "%-40s %6.0f rows/s  wall %5.0f us/row  cpu %5.0f us/row  load %s%n",
								perTx == 1 ? "autocommit" : ("256 rows per transaction" + (batch ? ", executeBatch" : "")), rows * 1e9 / wall, wall / 1e3 / rows, cpu / 1e3 / rows, BurrBenchmarks.loadAverage());
					}
				}
			}
		}
		finally {
			ds.close();
			for (String s : List.of("", "-wal", "-shm")) Files.deleteIfExists(Path.of(file + s));
		}
	}
}
