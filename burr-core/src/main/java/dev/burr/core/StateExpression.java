package dev.burr.core;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.EvaluationException;
import org.springframework.expression.ParseException;
import org.springframework.expression.PropertyAccessor;
import org.springframework.expression.TypedValue;
import org.springframework.expression.spel.SpelNode;
import org.springframework.expression.spel.ast.CompoundExpression;
import org.springframework.expression.spel.ast.Indexer;
import org.springframework.expression.spel.ast.MethodReference;
import org.springframework.expression.spel.ast.Projection;
import org.springframework.expression.spel.ast.PropertyOrFieldReference;
import org.springframework.expression.spel.ast.Selection;
import org.springframework.expression.spel.standard.SpelExpression;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.SimpleEvaluationContext;

/** A parsed SpEL expression evaluated over a state's keys, for {@link Condition#expr(String)}. */
final class StateExpression {

	private static final SpelExpressionParser PARSER = new SpelExpressionParser();

	private static final EvaluationContext CONTEXT = SimpleEvaluationContext
		.forPropertyAccessors(new StateKeyAccessor())
		.withInstanceMethods()
		.build();

	private final String text;

	private final SpelExpression expression;

	private final List<String> keys;

	private StateExpression(String text, SpelExpression expression, List<String> keys) {
		this.text = text;
		this.expression = expression;
		this.keys = keys;
	}

	static StateExpression parse(String text) {
		if (text == null || text.isBlank()) {
			throw new IllegalArgumentException("Condition expression must not be blank");
		}
		SpelExpression expression;
		try {
			expression = (SpelExpression) PARSER.parseRaw(text);
		}
		catch (ParseException ex) {
			throw new IllegalArgumentException(
					"Condition expression \"" + text + "\" does not parse: " + ex.getSimpleMessage(), ex);
		}
		Set<String> keys = new LinkedHashSet<>();
		collectKeys(expression.getAST(), keys);
		return new StateExpression(text, expression, new ArrayList<>(keys));
	}

	List<String> keys() {
		return this.keys;
	}

	boolean evaluate(State state) {
		Object value;
		try {
			value = this.expression.getValue(CONTEXT, state.asMap());
		}
		catch (EvaluationException ex) {
			throw new IllegalStateException(
					"Condition expression \"" + this.text + "\" failed on the state: " + ex.getMessage(), ex);
		}
		if (value instanceof Boolean result) {
			return result;
		}
		throw new IllegalStateException("Condition expression \"" + this.text + "\" must be true or false, but was "
				+ ((value != null) ? value.getClass().getSimpleName() + " " + value : "null"));
	}

	/** Adds the state keys a node reads from the root: property references not relative to another value. */
	private static void collectKeys(SpelNode node, Set<String> keys) {
		if (node instanceof PropertyOrFieldReference reference) {
			keys.add(reference.getName());
			return;
		}
		if (node instanceof CompoundExpression) {
			collectKeys(node.getChild(0), keys);
			for (int i = 1; i < node.getChildCount(); i++) {
				collectArgumentKeys(node.getChild(i), keys);
			}
			return;
		}
		for (int i = 0; i < node.getChildCount(); i++) {
			collectKeys(node.getChild(i), keys);
		}
	}

	/** A node applied to a value: only its arguments and index expressions read from the root. */
	private static void collectArgumentKeys(SpelNode node, Set<String> keys) {
		if (node instanceof MethodReference || node instanceof Indexer) {
			for (int i = 0; i < node.getChildCount(); i++) {
				collectKeys(node.getChild(i), keys);
			}
		}
		else if (!(node instanceof PropertyOrFieldReference || node instanceof Selection
				|| node instanceof Projection)) {
			collectKeys(node, keys);
		}
	}

	/** Resolves a bare name to the state value of that key. */
	private static final class StateKeyAccessor implements PropertyAccessor {

		@Override
		public Class<?>[] getSpecificTargetClasses() {
			return new Class<?>[] { Map.class };
		}

		@Override
		public boolean canRead(EvaluationContext context, @Nullable Object target, String name) {
			return target instanceof Map<?, ?> map && map.containsKey(name);
		}

		@Override
		public TypedValue read(EvaluationContext context, @Nullable Object target, String name)
				throws AccessException {
			if (target instanceof Map<?, ?> map) {
				return new TypedValue(map.get(name));
			}
			throw new AccessException("Not a map: " + target);
		}

		@Override
		public boolean canWrite(EvaluationContext context, @Nullable Object target, String name) {
			return false;
		}

		@Override
		public void write(EvaluationContext context, @Nullable Object target, String name, @Nullable Object newValue)
				throws AccessException {
			throw new AccessException("Conditions cannot change state");
		}

	}

}
