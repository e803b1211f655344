package io.hfvram.hub;

import io.hfvram.core.Json;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;
import okhttp3.Response;
import okhttp3.ResponseBody;

/**
 * Turns a Hub error answer into one typed exception with one actionable line. Text the server sent
 * is cut to one line of 200 characters and has tokens redacted ({@link Redaction}).
 */
final class HubErrors {
  private final HttpUrl endpoint;
  private final String token;
  private final boolean hasToken;
  private final Clock clock;

  HubErrors(HttpUrl endpoint, String token, Clock clock) {
    this.endpoint = endpoint;
    this.token = token;
    this.hasToken = token != null;
    this.clock = clock;
  }

  /** The failure an error status means (the caller throws it). */
  HubException map(Response resp, HttpUrl url) {
    int code = resp.code();
    String message = serverMessage(resp);
    String where = HubClient.describe(url);
    if (RetryPolicy.transientStatus(code)) {
      return transientFailure(resp, where, message);
    }
    HubException access = access(code, resp.header("X-Error-Code"), message, where, url);
    if (access != null) {
      return access;
    }
    return new HubUnavailableException.ServerError(
        where + ": unexpected HTTP " + code + (message == null ? "" : " (" + message + ")"),
        false,
        -1);
  }

  private HubUnavailableException transientFailure(Response resp, String where, String message) {
    int code = resp.code();
    long wait =
        RetryPolicy.requestedWait(
            code, resp.header("Retry-After"), resp.header("RateLimit"), clock);
    String what =
        code == 429 ? "rate limited by the Hub (HTTP 429)" : "the Hub answered HTTP " + code;
    String text = where + ": " + what + (message == null ? "" : " (" + message + ")");
    if (code == 429) {
      return new HubUnavailableException.RateLimited(text, wait);
    }
    if (code == 408) {
      return new HubUnavailableException.TimedOut(text, wait);
    }
    return new HubUnavailableException.ServerError(text, true, wait);
  }

  /** The access failure an answer means, or null when it is none. */
  private HubAccessException access(
      int code, String errorCode, String message, String where, HttpUrl url) {
    if ("RevisionNotFound".equals(errorCode)) {
      return new HubAccessException.NotFound(
          HubAccessException.Kind.REVISION_NOT_FOUND,
          where + ": revision not found; check --revision or the part after '@'");
    }
    if ("EntryNotFound".equals(errorCode)) {
      return new HubAccessException.NotFound(
          HubAccessException.Kind.ENTRY_NOT_FOUND,
          where + ": file not found in this repository at this revision");
    }
    if ("GatedRepo".equals(errorCode)) {
      String repoPage = gatedPage(url);
      String what =
          !hasToken
              ? "is a gated model and no token is set: accept its licence at "
                  + repoPage
                  + " and set HF_TOKEN (or --token) to a token of that account"
              : "is a gated model and this token's account has not been granted access: accept"
                  + " its licence at "
                  + repoPage
                  + " (or wait for approval)";
      return new HubAccessException.Denied(HubAccessException.Kind.GATED, where + " " + what);
    }
    if (message != null && message.startsWith("Access to this resource is disabled")) {
      return new HubAccessException.Denied(
          HubAccessException.Kind.DISABLED,
          where + ": access to this repository is disabled on the Hub");
    }
    if (code == 401 && message != null && message.contains("Invalid credentials")) {
      return new HubAccessException.Denied(
          HubAccessException.Kind.UNAUTHORIZED,
          where + ": the token was rejected (invalid credentials); check HF_TOKEN or --token");
    }
    if ("RepoNotFound".equals(errorCode) || code == 401 || code == 404) {
      String hint =
          !hasToken
              ? "; if it is private or gated, set HF_TOKEN (or --token)"
              : "; check the name, and that this token can read it";
      return new HubAccessException.NotFound(
          HubAccessException.Kind.REPO_NOT_FOUND,
          where + ": repository not found (HTTP " + code + ")" + hint);
    }
    if (code == 403) {
      return new HubAccessException.Denied(
          HubAccessException.Kind.FORBIDDEN,
          where
              + ": forbidden (HTTP 403): the token lacks permission for this repository"
              + (message == null ? "" : " (" + message + ")"));
    }
    if (code == 400) {
      return new HubAccessException.Rejected(
          where
              + ": the Hub rejected the request (HTTP 400"
              + (message == null ? "" : ": " + message)
              + ")");
    }
    return null;
  }

  private String gatedPage(HttpUrl url) {
    List<String> seg = url.pathSegments();
    String repo =
        seg.size() >= 2 && !seg.get(0).equals("api")
            ? seg.get(0) + "/" + seg.get(1)
            : seg.size() >= 4 ? seg.get(2) + "/" + seg.get(3) : "";
    return endpoint.newBuilder().addPathSegments(repo).build().toString();
  }

  private String serverMessage(Response resp) {
    String m = resp.header("X-Error-Message");
    if (m != null) {
      return clip(m);
    }
    try {
      ResponseBody body = resp.body();
      if (body == null) {
        return null;
      }
      byte[] bytes = body.byteStream().readNBytes(4096);
      Object parsed = Json.parse(bytes);
      if (parsed instanceof Map) {
        Object e = ((Map<?, ?>) parsed).get("error");
        if (e instanceof String) {
          return clip((String) e);
        }
        if (e instanceof List && !((List<?>) e).isEmpty()) {
          return clip(String.valueOf(((List<?>) e).get(0)));
        }
      }
    } catch (Exception ignored) {
      // A body that is not JSON carries no message we can use.
    }
    return null;
  }

  private String clip(String s) {
    String one = Redaction.redact(HubTransport.firstLine(s), token);
    return one.length() > 200 ? one.substring(0, 200) + "..." : one;
  }
}
