package dev.burr.boot.autoconfigure;

import java.io.InputStream;
import java.net.URL;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that the generated {@code META-INF/spring-configuration-metadata.json} describes every property.
 */
class ConfigurationMetadataTests {

	private static final Set<String> UNSET_BY_DEFAULT = Set.of("burr.persistence.jdbc.table-name",
			"burr.persistence.redis.ttl", "burr.persistence.redis.cluster-safe");

	@Test
	@SuppressWarnings("unchecked")
	void everyBurrPropertyHasADescriptionAndItsDefault() throws Exception {
		URL ours = BurrProperties.class.getProtectionDomain().getCodeSource().getLocation();
		URL metadataFile = Collections
			.list(BurrProperties.class.getClassLoader().getResources("META-INF/spring-configuration-metadata.json"))
			.stream()
			.filter((url) -> url.toString().startsWith(ours.toString())
					|| url.toString().startsWith("jar:" + ours))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No generated metadata in " + ours));
		Map<String, Object> metadata;
		try (InputStream json = metadataFile.openStream()) {
			metadata = JsonMapper.builder().build().readValue(json, Map.class);
		}
		List<Map<String, Object>> all = (List<Map<String, Object>>) metadata.get("properties");
		assertThat(all).extracting((property) -> property.get("name"))
			.contains("management.endpoint.burr.access", "management.health.burr.enabled");
		Map<String, Map<String, Object>> properties = all.stream()
			.filter((property) -> ((String) property.get("name")).startsWith("burr."))
			.collect(Collectors.toMap((property) -> (String) property.get("name"), (property) -> property));
		assertThat(properties).containsOnlyKeys("burr.persistence.type", "burr.persistence.layout",
				"burr.persistence.snapshot-every", "burr.persistence.durability", "burr.persistence.group-commit-limit",
				"burr.persistence.write-behind.capacity", "burr.persistence.write-behind.when-full",
				"burr.persistence.write-behind.timeout", "burr.persistence.write-behind.max-batch",
				"burr.persistence.jdbc.table-name",
				"burr.persistence.jdbc.initialize-schema", "burr.persistence.jdbc.query-timeout",
				"burr.persistence.redis.namespace", "burr.persistence.redis.ttl", "burr.persistence.redis.cluster-safe",
				"burr.tracking.enabled",
				"burr.tracking.project", "burr.tracking.storage-dir");
		assertThat(properties.values()).allSatisfy((property) -> assertThat((String) property.get("description"))
			.as((String) property.get("name"))
			.isNotBlank()
			.doesNotStartWith("The "));
		assertThat(properties).allSatisfy((name, property) -> {
			if (!UNSET_BY_DEFAULT.contains(name)) {
				assertThat(property).as(name).containsKey("defaultValue");
			}
		});
		assertThat(properties.get("burr.persistence.type")).containsEntry("defaultValue", "auto");
		assertThat(properties.get("burr.persistence.layout")).containsEntry("defaultValue", "burr")
			.containsEntry("type", "dev.burr.persistence.StateLayout");
		assertThat(properties.get("burr.persistence.snapshot-every")).containsEntry("defaultValue", 1000);
		assertThat(properties.get("burr.persistence.durability")).containsEntry("defaultValue", "sync")
			.containsEntry("type", "dev.burr.persistence.Durability");
		assertThat(properties.get("burr.persistence.group-commit-limit")).containsEntry("defaultValue", 256);
		assertThat(properties.get("burr.persistence.write-behind.capacity")).containsEntry("defaultValue", 10000);
		assertThat(properties.get("burr.persistence.write-behind.when-full")).containsEntry("defaultValue", "block");
		assertThat(properties.get("burr.persistence.write-behind.timeout")).containsEntry("defaultValue", "30s");
		assertThat(properties.get("burr.persistence.write-behind.max-batch")).containsEntry("defaultValue", 256);
		assertThat(properties.get("burr.persistence.jdbc.table-name")).doesNotContainKey("defaultValue");
		assertThat((String) properties.get("burr.persistence.jdbc.table-name").get("description"))
			.contains("burr_state")
			.contains("burr_state_delta");
		assertThat(properties.get("burr.persistence.jdbc.initialize-schema")).containsEntry("defaultValue", "always");
		assertThat(properties.get("burr.tracking.enabled")).containsEntry("defaultValue", false);
		List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.get("hints");
		assertThat(hints).extracting((hint) -> hint.get("name"))
			.contains("burr.persistence.durability", "burr.persistence.write-behind.when-full");
	}

}
