package io.hfvram.hub;

import java.util.regex.Pattern;
import okhttp3.HttpUrl;

/**
 * Keeps credentials out of everything shown or stored: token-looking strings ({@code hf_} and 30 or
 * more letters and digits) and the configured token in messages, and the userinfo part ({@code
 * user:pass@}) of URLs.
 */
final class Redaction {
  private static final Pattern HF_TOKEN = Pattern.compile("hf_[A-Za-z0-9]{30,}");
  private static final Pattern USERINFO =
      Pattern.compile("(?i)\\b([a-z][a-z0-9+.-]*://)[^/?#@\\s]*@");

  private Redaction() {}

  /** {@code text} with token-looking strings, the configured token and URL userinfo hidden. */
  static String redact(String text, String token) {
    if (text == null) {
      return null;
    }
    String t = text;
    if (token != null && token.length() >= 4) {
      t = t.replace(token, "***");
    }
    t = HF_TOKEN.matcher(t).replaceAll("hf_***");
    return USERINFO.matcher(t).replaceAll("$1");
  }

  /** The URL without a user name or password. */
  static HttpUrl withoutUserinfo(HttpUrl url) {
    if (url.username().isEmpty() && url.password().isEmpty()) {
      return url;
    }
    return url.newBuilder().username("").password("").build();
  }

  /**
   * Why a token cannot be sent in an HTTP header (a character outside visible ASCII), or null when
   * it can.
   */
  static String tokenProblem(String token, String where) {
    if (token == null) {
      return null;
    }
    for (int i = 0; i < token.length(); i++) {
      char c = token.charAt(i);
      if (c < 0x21 || c > 0x7E) {
        return "the token ("
            + where
            + ") holds a character that is not visible ASCII (at"
            + " position "
            + (i + 1)
            + "); Hub tokens are plain ASCII: check for a pasted"
            + " space, quote or line break";
      }
    }
    return null;
  }
}
