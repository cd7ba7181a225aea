package dev.burr.benchmarks;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One measured case on one backend: our figure beside the raw baseline's, measured in the same run.
 * {@code ratio} is always "higher is better, 1.0 is parity": ours/raw for throughput, raw/ours for latency and
 * bytes. {@code target} is the lowest ratio the issue accepts, or {@code NaN} for figures that are informative.
 */
record Result(String caseName, String backend, double ours, double raw, String unit, double ratio, double target,
		Map<String, Object> extra) {

	static Result throughput(String caseName, String backend, double ours, double raw, String unit, double target,
			Map<String, Object> extra) {
		return new Result(caseName, backend, ours, raw, unit, ours / raw, target, extra);
	}

	static Result latency(String caseName, String backend, double ours, double raw, String unit, double target,
			Map<String, Object> extra) {
		return new Result(caseName, backend, ours, raw, unit, raw / ours, target, extra);
	}

	boolean hasTarget() {
		return !Double.isNaN(this.target);
	}

	boolean met() {
		return hasTarget() && this.ratio >= this.target;
	}

	String toJson() {
		Map<String, Object> fields = new LinkedHashMap<>();
		fields.put("case", this.caseName);
		fields.put("backend", this.backend);
		fields.put("ours", round(this.ours));
		fields.put("raw", round(this.raw));
		fields.put("unit", this.unit);
		fields.put("ratio", round(this.ratio));
		if (hasTarget()) {
			fields.put("target", round(this.target));
			fields.put("met", met());
		}
		fields.putAll(this.extra);
		StringBuilder out = new StringBuilder("{");
		fields.forEach((key, value) -> {
			if (out.length() > 1) {
				out.append(',');
			}
			out.append(quote(key)).append(':');
			if (value instanceof Number || value instanceof Boolean) {
				out.append(value);
			}
			else {
				out.append(quote(String.valueOf(value)));
			}
		});
		return out.append('}').toString();
	}

	static Object round(double value) {
		if (Double.isNaN(value) || Double.isInfinite(value)) {
			return String.valueOf(value);
		}
		if (Math.abs(value) >= 100) {
			return Math.round(value);
		}
		return Double.parseDouble(String.format(Locale.ROOT, "%.4g", value));
	}

	private static String quote(String text) {
		StringBuilder out = new StringBuilder("\"");
		for (char c : text.toCharArray()) {
			switch (c) {
				case '"' -> out.append("\\\"");
				case '\\' -> out.append("\\\\");
				case '\n' -> out.append("\\n");
				default -> {
					if (c < 0x20) {
						out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
					}
					else {
						out.append(c);
					}
				}
			}
		}
		return out.append('"').toString();
	}

}
