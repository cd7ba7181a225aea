package dev.burr.core;

import java.util.HashMap;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * Writes a {@link Graph} as Mermaid or Graphviz DOT text, as Burr's {@code visualize} draws it: default
 * transitions solid, conditional ones dashed and labelled with the condition.
 */
final class GraphText {

	private GraphText() {
	}

	static String mermaid(Graph graph, @Nullable String current) {
		Map<String, String> ids = nodeIds(graph);
		StringBuilder out = new StringBuilder("flowchart TD\n");
		graph.actions().keySet().forEach(name -> out.append("    ").append(ids.get(name)).append("[\"")
				.append(mermaidText(name)).append("\"]\n"));
		for (Transition transition : graph.transitions()) {
			out.append("    ").append(ids.get(transition.from()));
			if (transition.condition().isDefault()) {
				out.append(" --> ");
			}
			else {
				out.append(" -. \"").append(mermaidText(transition.condition().name())).append("\" .-> ");
			}
			out.append(ids.get(transition.to())).append('\n');
		}
		if (current != null && ids.containsKey(current)) {
			out.append("    classDef current fill:#ffd54f,stroke:#e65100,stroke-width:3px\n");
			out.append("    class ").append(ids.get(current)).append(" current\n");
		}
		return out.toString();
	}

	static String dot(Graph graph, @Nullable String current) {
		StringBuilder out = new StringBuilder("digraph burr {\n    node [shape=box, style=rounded];\n");
		for (String name : graph.actions().keySet()) {
			out.append("    ").append(dotText(name));
			if (name.equals(current)) {
				out.append(" [style=\"rounded,filled\", fillcolor=\"#ffd54f\", penwidth=3]");
			}
			out.append(";\n");
		}
		for (Transition transition : graph.transitions()) {
			out.append("    ").append(dotText(transition.from())).append(" -> ").append(dotText(transition.to()));
			if (!transition.condition().isDefault()) {
				out.append(" [label=").append(dotText(transition.condition().name())).append(", style=dashed]");
			}
			out.append(";\n");
		}
		return out.append("}\n").toString();
	}

	private static Map<String, String> nodeIds(Graph graph) {
		Map<String, String> ids = new HashMap<>();
		int i = 0;
		for (String name : graph.actions().keySet()) {
			ids.put(name, "a" + i++);
		}
		return ids;
	}

	private static String mermaidText(String text) {
		return text.replace("\"", "#quot;").replace("\n", " ");
	}

	private static String dotText(String text) {
		return "\"" + text.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
	}

}
