package io.hfvram.serve;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The one page: a self-contained resource (inline style, script and SVG; no CDN, no fonts), and the
 * Content-Security-Policy that allows exactly its inline script, by hash.
 */
final class Page {
  private final byte[] bytes;
  private final String policy;

  private Page(byte[] bytes, String policy) {
    this.bytes = bytes;
    this.policy = policy;
  }

  /** The page with the version filled in. */
  static Page load(String version) {
    String html;
    try (InputStream in = Page.class.getResourceAsStream("page.html")) {
      if (in == null) {
        throw new IllegalStateException("the page is missing from the jar");
      }
      html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the page", e);
    }
    html = html.replace("@VERSION@", version == null ? "dev" : version.replace("<", ""));
    int open = html.indexOf("<script>");
    int close = html.indexOf("</script>", open);
    String script = html.substring(open + "<script>".length(), close);
    String policy =
        "default-src 'none'; script-src 'sha256-"
            + sha256(script)
            + "';"
            + " style-src 'unsafe-inline'; img-src data:; connect-src 'self'; base-uri 'none';"
            + " form-action 'none'; frame-ancestors 'none'";
    return new Page(html.getBytes(StandardCharsets.UTF_8), policy);
  }

  byte[] bytes() {
    return bytes.clone();
  }

  /** The page's Content-Security-Policy. */
  String policy() {
    return policy;
  }

  private static String sha256(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
