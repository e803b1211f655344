package io.hfvram.hub;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

final class RepoRefTest {
  @ParameterizedTest
  @ValueSource(
      strings = {
        "gpt2",
        "meta-llama/Llama-2-70b-hf",
        "Qwen/Qwen2.5-7B",
        "a_b/c.d-e",
        "org/x@v1.0",
        "org/x@refs/pr/12",
        "org/x@0123456789abcdef0123456789abcdef01234567"
      })
  void valid(String s) throws Exception {
    RepoRef.parse(s, null);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "a/b/c",
        "/abs",
        "org/",
        "/name",
        "-org/x",
        "org/x-",
        ".org/x",
        "org/x.",
        "org--a/x",
        "org/a..b",
        "org/x.git",
        "org/x y",
        "org/x\\y",
        "org/x%2Fy",
        "org/x@",
        "org/x@../etc",
        "org/x@/abs",
        "org/x@a//b",
        "org/x@a b",
        "org/x@a\u0000b",
        "org/\u00e9t\u00e9"
      })
  void invalid(String s) {
    assertThrows(InvalidReferenceException.class, () -> RepoRef.parse(s, null), s);
  }

  @Test
  void nameLengthIsCapped() {
    assertThrows(
        InvalidReferenceException.class, () -> RepoRef.parse("org/" + "a".repeat(97), null));
  }

  @Test
  void revisionOptionWinsAndIsEncoded() throws Exception {
    RepoRef r = RepoRef.parse("org/x@dev", "refs/pr/1");
    assertEquals("refs/pr/1", r.revision());
    assertEquals("refs%2Fpr%2F1", r.encodedRevision());
    assertFalse(r.pinned());
    assertTrue(RepoRef.parse("org/x@0123456789abcdef0123456789abcdef01234567", null).pinned());
    assertEquals("models--org--x", r.cacheFolder());
  }
}
