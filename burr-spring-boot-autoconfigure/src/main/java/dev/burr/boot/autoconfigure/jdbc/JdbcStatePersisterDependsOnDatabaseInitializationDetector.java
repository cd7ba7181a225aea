package dev.burr.boot.autoconfigure.jdbc;

import java.util.Set;

import org.springframework.boot.sql.init.dependency.AbstractBeansOfTypeDependsOnDatabaseInitializationDetector;
import org.springframework.boot.sql.init.dependency.DependsOnDatabaseInitializationDetector;
import org.springframework.util.ClassUtils;

/**
 * A {@link DependsOnDatabaseInitializationDetector} for {@code JdbcStatePersister} beans: they wait for the
 * database initializers, Burr's schema initializer among them.
 *
 * @author Burr for Java
 */
class JdbcStatePersisterDependsOnDatabaseInitializationDetector
		extends AbstractBeansOfTypeDependsOnDatabaseInitializationDetector {

	private static final String PERSISTER = "dev.burr.jdbc.JdbcStatePersister";

	@Override
	protected Set<Class<?>> getDependsOnDatabaseInitializationBeanTypes() {
		ClassLoader classLoader = getClass().getClassLoader();
		if (!ClassUtils.isPresent(PERSISTER, classLoader)) {
			return Set.of();
		}
		return Set.of(ClassUtils.resolveClassName(PERSISTER, classLoader));
	}

}
