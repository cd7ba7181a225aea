package dev.burr.redis;

import io.lettuce.core.cluster.SlotHash;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The key layout: Burr's exact keys, the escaping rule and the cluster-safe hash tags. */
class RedisKeysTests {

	@Test
	void namespacedLayoutIsBurrs() {
		RedisKeys keys = new RedisKeys("burr", false);
		assertThat(keys.partition("user-1")).isEqualTo("burr:user-1");
		assertThat(keys.step("user-1", "app-7", 3)).isEqualTo("burr:user-1:app-7:3");
		assertThat(keys.steps("user-1", "app-7")).isEqualTo("burr:user-1:app-7:steps");
		assertThat(keys.activity("user-1")).isEqualTo("burr:user-1:activity");
	}

	@Test
	void emptyNamespaceIsBurrsBareLayout() {
		RedisKeys keys = new RedisKeys("", false);
		assertThat(keys.partition("user-1")).isEqualTo("user-1");
		assertThat(keys.step("user-1", "app-7", 3)).isEqualTo("user-1:app-7:3");
		assertThat(keys.partition("")).isEmpty();
		assertThat(keys.step("", "app", 0)).isEqualTo(":app:0");
	}

	@Test
	void idsAreEscapedSoThatBurrsAmbiguousPairsGetDifferentKeys() {
		RedisKeys keys = new RedisKeys("burr", false);
		assertThat(keys.step("a:b", "c", 0)).isEqualTo("burr:a%3Ab:c:0");
		assertThat(keys.step("a", "b:c", 0)).isEqualTo("burr:a:b%3Ac:0");
		assertThat(keys.step("a", "b%3Ac", 0)).isEqualTo("burr:a:b%253Ac:0");
		assertThat(keys.partition("{x}")).isEqualTo("burr:%7Bx%7D");
	}

	@Test
	void globCharactersAreKeptAsTheyAre() {
		assertThat(RedisKeys.escape("a*?[b]\\")).isEqualTo("a*?[b]\\");
		assertThat(RedisKeys.escape("héllo wörld")).isEqualTo("héllo wörld");
	}

	@Test
	void clusterLayoutTagsThePartitionIncludingTheEmptyOne() {
		RedisKeys keys = new RedisKeys("burr", true);
		assertThat(keys.partition("user-1")).isEqualTo("burr:{pk=user-1}");
		assertThat(keys.step("user-1", "app", 3)).isEqualTo("burr:{pk=user-1}:app:3");
		assertThat(keys.steps("", "app")).isEqualTo("burr:{pk=}:app:steps");
		assertThat(keys.activity("a}b")).isEqualTo("burr:{pk=a%7Db}:activity");
	}

	@Test
	void clusterLayoutPutsEveryKeyOfAPartitionInOneSlot() {
		RedisKeys keys = new RedisKeys("burr", true);
		for (String pk : new String[] { "", "user-1", "{x}", "a:b", "}{" }) {
			int slot = SlotHash.getSlot(keys.partition(pk));
			assertThat(SlotHash.getSlot(keys.step(pk, "app", 0))).as(pk).isEqualTo(slot);
			assertThat(SlotHash.getSlot(keys.step(pk, "other{app}", 9))).as(pk).isEqualTo(slot);
			assertThat(SlotHash.getSlot(keys.steps(pk, "app"))).as(pk).isEqualTo(slot);
			assertThat(SlotHash.getSlot(keys.activity(pk))).as(pk).isEqualTo(slot);
		}
		RedisKeys burr = new RedisKeys("burr", false);
		assertThat(SlotHash.getSlot(burr.step("user-1", "app", 0)))
			.isNotEqualTo(SlotHash.getSlot(burr.partition("user-1")));
	}

	@Test
	void deltaKeysHaveASegmentNoEscapedIdOrNamespaceCanBe() {
		RedisKeys keys = RedisKeys.delta("burr", false);
		assertThat(keys.partition("user-1")).isEqualTo("burr:%delta:user-1");
		assertThat(keys.step("user-1", "app-7", 3)).isEqualTo("burr:%delta:user-1:app-7:3");
		assertThat(keys.snapshots("user-1", "app-7")).isEqualTo("burr:%delta:user-1:app-7:snapshots");
		assertThat(RedisKeys.delta("", false).step("%delta", "%delta", 0)).isEqualTo("%delta:%25delta:%25delta:0");
		assertThat(RedisKeys.delta("burr", true).step("u", "a", 1)).isEqualTo("burr:%delta:{pk=u}:a:1");
		assertThat(new RedisKeys("", false).step("%delta", "a", 1)).isEqualTo("%25delta:a:1");
	}

	@Test
	void clusterSafeDeltaKeysOfAPartitionShareOneSlot() {
		RedisKeys keys = RedisKeys.delta("burr", true);
		int slot = SlotHash.getSlot(keys.partition("user-1"));
		assertThat(SlotHash.getSlot(keys.step("user-1", "app", 0))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.snapshots("user-1", "app"))).isEqualTo(slot);
		assertThat(SlotHash.getSlot(keys.activity("user-1"))).isEqualTo(slot);
	}

	@Test
	void namespaceWithSpacesOrColonsIsRejectedNamingIt() {
		RedisStatePersister.Builder builder = RedisStatePersister.builder(new LettuceConnectionFactory());
		assertThatIllegalArgumentException().isThrownBy(() -> builder.namespace("my app"))
			.withMessageContaining("'my app'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.namespace("a:b"))
			.withMessageContaining("'a:b'")
			.withMessageContaining("no ':'");
		assertThatIllegalArgumentException().isThrownBy(() -> builder.namespace(" "));
		assertThat(builder.namespace("my-app.burr_1")).isSameAs(builder);
	}

}
