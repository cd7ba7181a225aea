package dev.burr.core;

import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Conditions (reference 3.8): names as graph.json shows them, keys, evaluation and safety. */
class ConditionTests {

	@Test
	void namesAreWhatBurrsGraphJsonShows() {
		assertThat(Condition.DEFAULT.name()).isEqualTo("default");
		assertThat(Condition.when(Map.of("b", 2, "a", "x")).name()).isEqualTo("a=x, b=2");
		assertThat(Condition.expr("counter < count_to").name()).isEqualTo("counter < count_to");
		Condition safe = Condition.when("safe", true);
		Condition big = Condition.expr("n > 3");
		assertThat(safe.negate().name()).isEqualTo("~safe=true");
		assertThat(safe.and(big).name()).isEqualTo("safe=true & n > 3");
		assertThat(safe.or(big).name()).isEqualTo("safe=true | n > 3");
		assertThat(safe.and(big).keys()).containsExactly("safe", "n");
	}

	@Test
	void aConditionCanBeShownUnderAnotherName() {
		Condition exit = Condition.expr("question.trim().toLowerCase() matches '(exit|quit)'").named("exit word");
		assertThat(exit.name()).isEqualTo("exit word");
		assertThat(exit.keys()).containsExactly("question");
		assertThat(exit.test(State.of(Map.of("question", " Quit")))).isTrue();
	}

	@Test
	void expressionKeysAreTheStateKeysItReads() {
		assertThat(Condition.expr("counter < count_to").keys()).containsExactly("counter", "count_to");
		assertThat(Condition.expr("question.contains('exit')").keys()).containsExactly("question");
		assertThat(Condition.expr("items.?[#this > 4].size() > 0").keys()).containsExactly("items");
		assertThat(Condition.expr("history[index] == 'x' and flag").keys()).containsExactly("history", "index", "flag");
	}

	@Test
	void expressionsEvaluateOverTheState() {
		State state = State.of(Map.of("counter", 3, "count_to", 10L, "question", "please exit", "items", List.of(1, 5),
				"limit", 4));
		assertThat(Condition.expr("counter < count_to").test(state)).isTrue();
		assertThat(Condition.expr("question.contains('exit')").test(state)).isTrue();
		assertThat(Condition.expr("items.?[#this > 4].size() > 0").test(state)).isTrue();
		assertThat(Condition.expr("counter >= count_to").test(state)).isFalse();
		assertThat(Condition.when("counter", 3L).test(state)).isTrue();
		assertThat(Condition.when("counter", 4).negate().test(state)).isTrue();
		assertThat(Condition.of("custom", Set.of("counter"), s -> s.get("counter", Integer.class) == 3).test(state))
			.isTrue();
	}

	@Test
	void missingKeysFailNamingTheConditionAndKeys() {
		assertThatThrownBy(() -> Condition.expr("a < b").test(State.of(Map.of("a", 1))))
			.isInstanceOf(IllegalStateException.class)
			.hasMessage("Missing keys in state required by condition: a < b b");
	}

	@Test
	void nonBooleanResultsFailNamingTheExpression() {
		assertThatThrownBy(() -> Condition.expr("a + 1").test(State.of(Map.of("a", 1))))
			.hasMessageContaining("\"a + 1\" must be true or false");
	}

	@Test
	void expressionsCannotReachTypesConstructorsOrBeans() {
		State state = State.of(Map.of("a", 1));
		assertThatThrownBy(() -> Condition.expr("T(java.lang.Runtime).getRuntime() != null").test(state))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> Condition.expr("new java.io.File('/tmp/x').exists()").test(state))
			.isInstanceOf(IllegalStateException.class);
		assertThatThrownBy(() -> Condition.expr("@someBean != null").test(state))
			.isInstanceOf(IllegalStateException.class);
	}

}
