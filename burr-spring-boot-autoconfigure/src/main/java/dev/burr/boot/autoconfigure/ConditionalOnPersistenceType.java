package dev.burr.boot.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when {@code burr.persistence.type} is one of the given types ({@code auto} when unset).
 *
 * @author Burr for Java
 * @since 0.1.0
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ ElementType.TYPE, ElementType.METHOD })
@Documented
@Conditional(OnPersistenceTypeCondition.class)
public @interface ConditionalOnPersistenceType {

	/** The types that match. */
	PersistenceType[] value();

}
