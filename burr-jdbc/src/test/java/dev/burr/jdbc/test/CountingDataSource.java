package dev.burr.jdbc.test;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/** A data source that counts the connections taken from it and can be made slow to hand one out. */
public final class CountingDataSource extends DelegatingDataSource {

	private final AtomicInteger connections = new AtomicInteger();

	private volatile Duration delay = Duration.ZERO;

	public CountingDataSource(DataSource target) {
		super(target);
	}

	/** Connections taken so far. */
	public int connections() {
		return this.connections.get();
	}

	/** Every later connection takes {@code delay} to hand out, like a busy database. */
	public void slowDown(Duration delay) {
		this.delay = delay;
	}

	@Override
	public Connection getConnection() throws SQLException {
		this.connections.incrementAndGet();
		long millis = this.delay.toMillis();
		if (millis > 0) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
		return super.getConnection();
	}

}
