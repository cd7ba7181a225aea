package dev.burr.boot.autoconfigure;

import java.util.Arrays;
import java.util.Map;

import dev.burr.boot.autoconfigure.BurrProperties.PersistenceType;

import org.springframework.boot.autoconfigure.condition.ConditionMessage;
import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Condition behind {@link ConditionalOnPersistenceType}.
 *
 * @author Burr for Java
 */
class OnPersistenceTypeCondition extends SpringBootCondition {

	static final String PROPERTY = "burr.persistence.type";

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Map<String, Object> attributes = metadata.getAnnotationAttributes(ConditionalOnPersistenceType.class.getName());
		PersistenceType[] types = (PersistenceType[]) attributes.get("value");
		PersistenceType type = type(context);
		ConditionMessage.Builder message = ConditionMessage.forCondition(ConditionalOnPersistenceType.class,
				Arrays.toString(types));
		if (Arrays.asList(types).contains(type)) {
			return ConditionOutcome.match(message.because(PROPERTY + " is " + type));
		}
		return ConditionOutcome.noMatch(message.because(PROPERTY + " is " + type));
	}

	static PersistenceType type(ConditionContext context) {
		return Binder.get(context.getEnvironment()).bind(PROPERTY, PersistenceType.class).orElse(PersistenceType.AUTO);
	}

}
