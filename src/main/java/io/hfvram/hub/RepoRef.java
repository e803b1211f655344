package io.hfvram.hub;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * A model repository on the Hub and a revision (branch, tag, commit SHA or refs/pr/N), both
 * validated locally with the Hub's own rules before any request is made.
 *
 * @param repoId "name" or "namespace/name"
 * @param revision the revision, "main" when none was given
 */
public record RepoRef(String repoId, String revision) {
  private static final Pattern PART = Pattern.compile("[A-Za-z0-9_.-]+");
  private static final Pattern COMMIT = Pattern.compile("[0-9a-f]{40}");
  private static final Pattern REVISION = Pattern.compile("[A-Za-z0-9._/+-]+");

  /** Longest revision accepted. */
  static final int MAX_REVISION = 255;

  public RepoRef {
    validateRepoId(repoId);
    validateRevision(revision);
  }

  /** Parses "org/name" or "org/name@revision"; {@code revision} (if not null) wins. */
  public static RepoRef parse(String text, String revision) throws InvalidReferenceException {
    String id = text;
    String rev = null;
    int at = text.indexOf('@');
    if (at >= 0) {
      id = text.substring(0, at);
      rev = text.substring(at + 1);
      if (rev.isEmpty()) {
        throw new InvalidReferenceException("'" + text + "': empty revision after '@'");
      }
    }
    if (revision != null) {
      rev = revision;
    }
    try {
      return new RepoRef(id, rev == null ? "main" : rev);
    } catch (IllegalArgumentException e) {
      throw new InvalidReferenceException(e.getMessage());
    }
  }

  /** True when the revision is a full commit SHA, whose content never changes. */
  public boolean pinned() {
    return COMMIT.matcher(revision).matches();
  }

  /** True when {@code s} is a full 40-hex commit SHA. */
  public static boolean isCommit(String s) {
    return s != null && COMMIT.matcher(s).matches();
  }

  /** The revision percent-encoded with no safe characters ("refs/pr/1" → "refs%2Fpr%2F1"). */
  public String encodedRevision() {
    return URLEncoder.encode(revision, StandardCharsets.UTF_8).replace("+", "%20");
  }

  /** The Hugging Face cache folder name: "models--org--name". */
  public String cacheFolder() {
    return "models--" + repoId.replace("/", "--");
  }

  @Override
  public String toString() {
    return "main".equals(revision) ? repoId : repoId + "@" + revision;
  }

  static void validateRepoId(String id) {
    if (id == null || id.isEmpty()) {
      throw new IllegalArgumentException("empty repo id: use 'org/name'");
    }
    String shown = "'" + printable(id) + "'";
    String[] parts = id.split("/", -1);
    if (parts.length > 2) {
      throw new IllegalArgumentException(
          shown + " is not a valid repo id: use 'org/name' with" + " one '/'");
    }
    for (String p : parts) {
      if (p.isEmpty() || !PART.matcher(p).matches()) {
        throw new IllegalArgumentException(
            shown + " is not a valid repo id: letters, digits," + " '-', '_' and '.' only");
      }
      if (!word(p.charAt(0)) || !word(p.charAt(p.length() - 1))) {
        throw new IllegalArgumentException(
            shown
                + " is not a valid repo id: each part must"
                + " start and end with a letter, digit or '_'");
      }
    }
    if (parts[parts.length - 1].length() > 96) {
      throw new IllegalArgumentException(
          shown + " is not a valid repo id: the name is over 96" + " characters");
    }
    if (id.contains("--") || id.contains("..")) {
      throw new IllegalArgumentException(
          shown + " is not a valid repo id: '--' and '..' are not" + " allowed");
    }
    if (id.endsWith(".git")) {
      throw new IllegalArgumentException(
          shown + " is not a valid repo id: it may not end in" + " '.git'");
    }
  }

  static void validateRevision(String rev) {
    if (rev == null || rev.isEmpty()) {
      throw new IllegalArgumentException("empty revision");
    }
    String shown = "'" + printable(rev) + "'";
    if (rev.length() > MAX_REVISION
        || !REVISION.matcher(rev).matches()
        || rev.contains("..")
        || rev.equals(".")
        || rev.startsWith("./")
        || rev.endsWith("/.")
        || rev.contains("/./")
        || rev.contains("//")
        || rev.startsWith("/")
        || rev.endsWith("/")
        || rev.startsWith("-")
        || rev.endsWith(".lock")) {
      throw new IllegalArgumentException(
          shown
              + " is not a valid revision: use a branch, tag,"
              + " 40-hex commit SHA or refs/pr/N");
    }
  }

  private static boolean word(char c) {
    return Character.isLetterOrDigit(c) && c < 128 || c == '_';
  }

  /** The text with control characters escaped, cut to 100 characters, for messages. */
  static String printable(String s) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < s.length() && i < 100; i++) {
      char c = s.charAt(i);
      sb.append(c < 0x20 || c == 0x7f ? String.format("\\x%02x", (int) c) : c);
    }
    return s.length() > 100 ? sb + "..." : sb.toString();
  }
}
