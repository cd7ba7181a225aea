package dev.burr.core;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Graph export as Mermaid and DOT (Burr's visualize), and class-based actions' update rules. */
class GraphTests {

	private final Graph graph = ChatbotTests.chatbot().withEntrypoint("human_converse").build().graph();

	@Test
	void mermaidShowsEveryActionAndTransitionAndMarksTheCurrentOne() {
		String mermaid = this.graph.toMermaid("ai_converse");
		assertThat(mermaid).startsWith("flowchart TD\n")
			.contains("a0[\"human_converse\"]", "a1[\"ai_converse\"]", "a2[\"terminal\"]")
			.contains("a1 --> a0")
			.contains("a0 -. \"question.contains('exit')\" .-> a2")
			.contains("a0 --> a1")
			.contains("class a1 current");
		assertThat(this.graph.toMermaid()).doesNotContain("class ");
	}

	@Test
	void dotShowsConditionsAsDashedLabelledEdges() {
		String dot = this.graph.toDot("terminal");
		assertThat(dot).startsWith("digraph burr {")
			.contains("\"human_converse\" -> \"terminal\" [label=\"question.contains('exit')\", style=dashed];")
			.contains("\"ai_converse\" -> \"human_converse\";")
			.contains("\"terminal\" [style=\"rounded,filled\"");
	}

	@Test
	void classBasedActionsUpdateOnlyWhatTheyDeclare() {
		Action tally = new Action() {
			@Override
			public List<String> reads() {
				return List.of("count");
			}

			@Override
			public List<String> writes() {
				return List.of("count", "doubled", "scratch");
			}

			@Override
			public Map<String, Object> run(State state, Map<String, Object> inputs) {
				return Map.of("next", state.get("count", Integer.class) + 1);
			}

			@Override
			public State update(Map<String, Object> result, State state) {
				return state.update("count", result.get("next")).update("doubled", 2 * (Integer) result.get("next"))
					.wipe("scratch");
			}
		};
		Application app = ApplicationBuilder.create().withAction("tally", tally)
			.withState(Map.of("count", 1, "scratch", "x", "other", "kept"))
			.withEntrypoint("tally")
			.build();
		StepResult step = app.step().orElseThrow();
		assertThat(step.result()).isEqualTo(Map.of("next", 2));
		assertThat(step.state().asMap()).containsEntry("count", 2).containsEntry("doubled", 4)
			.containsEntry("other", "kept").doesNotContainKey("scratch");
	}

	@Test
	void undeclaredWritesAndMissingWritesFailTheStep() {
		Action sneaky = new Action() {
			@Override
			public List<String> reads() {
				return List.of();
			}

			@Override
			public List<String> writes() {
				return List.of("a");
			}

			@Override
			public Map<String, Object> run(State state, Map<String, Object> inputs) {
				return Map.of();
			}

			@Override
			public State update(Map<String, Object> result, State state) {
				return state.update("a", 1).update("b", 2);
			}
		};
		Application app = ApplicationBuilder.create().withAction("sneaky", sneaky).withEntrypoint("sneaky").build();
		assertThatThrownBy(app::step).hasMessageContaining("attempted to write to keys [b]");
		Application lazy = ApplicationBuilder.create()
			.withAction("lazy", Actions.action(List.of(), List.of("x"), (state, inputs) -> state))
			.withEntrypoint("lazy")
			.build();
		assertThatThrownBy(lazy::step).hasMessageContaining("State is missing write keys after running: [x]");
	}

	@Test
	void internalKeysWrittenByAnActionAreIgnored() {
		Application app = ApplicationBuilder.create()
			.withAction("a", Actions.action(List.of(), List.of("x"),
					(state, inputs) -> state.update("x", 1).update(State.SEQUENCE_ID_KEY, 99)))
			.withEntrypoint("a")
			.build();
		assertThat(app.step().orElseThrow().state().get(State.SEQUENCE_ID_KEY, Long.class)).isZero();
	}

	@Test
	void actionsCanReadTheirContextAndTrace() {
		Application app = ApplicationBuilder.create()
			.withAction("ctx", Actions.action(List.of(), List.of("who"), (state, inputs) -> {
				ActionContext context = ActionContext.current();
				try (Tracer.TraceSpan span = context.tracer().span("inner")) {
					span.log(Map.of("k", "v"));
					return state.update("who", context.appId() + "@" + context.sequenceId() + ":" + span.id());
				}
			}))
			.withEntrypoint("ctx")
			.withIdentifiers("ctx-app", null)
			.build();
		assertThat(app.step().orElseThrow().state().get("who")).isEqualTo("ctx-app@0:0:0.0");
		assertThatThrownBy(ActionContext::current).isInstanceOf(IllegalStateException.class);
	}

}
