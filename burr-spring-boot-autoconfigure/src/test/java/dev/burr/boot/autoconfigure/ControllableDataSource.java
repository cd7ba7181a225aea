package dev.burr.boot.autoconfigure;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * A data source whose database the test can make slow, hold back or unreachable: what a writer meets when the
 * database is busy or down.
 */
public final class ControllableDataSource extends DelegatingDataSource {

	/** What {@link #getConnection()} throws while the database is unreachable. */
	public static final String UNREACHABLE = "Connection refused: the test made the database unreachable";

	private volatile Duration delay = Duration.ZERO;

	private volatile CountDownLatch gate = new CountDownLatch(0);

	private volatile boolean unreachable;

	public ControllableDataSource(DataSource target) {
		super(target);
	}

	/** Every later connection takes {@code delay} to hand out. */
	public void slowDown(Duration delay) {
		this.delay = delay;
	}

	/** Later connections wait until {@link #release()} (for up to 30 seconds). */
	public void hold() {
		this.gate = new CountDownLatch(1);
	}

	/** Lets the connections {@link #hold()} held back through. */
	public void release() {
		this.gate.countDown();
	}

	/** Whether later connections fail, as when the database is down. */
	public void unreachable(boolean unreachable) {
		this.unreachable = unreachable;
	}

	@Override
	public Connection getConnection() throws SQLException {
		try {
			this.gate.await(30, TimeUnit.SECONDS);
			long millis = this.delay.toMillis();
			if (millis > 0) {
				Thread.sleep(millis);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new SQLTransientConnectionException("Interrupted while waiting for a connection", ex);
		}
		if (this.unreachable) {
			throw new SQLTransientConnectionException(UNREACHABLE, "08001");
		}
		return super.getConnection();
	}

	@Override
	public Connection getConnection(String username, String password) throws SQLException {
		return getConnection();
	}

}
