package io.hfvram.hub;

import io.hfvram.core.Json;
import io.hfvram.core.JsonException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import okhttp3.HttpUrl;

/**
 * Lists model ids through {@code GET /api/models?author=&search=&limit=}, following the Link
 * header's rel="next" (GitHub-style cursor pagination) until the limit or the last page.
 */
final class HubLister {
  /** Largest listing page body accepted. */
  static final long MAX_PAGE = 64L << 20;

  private final HubClient client;

  HubLister(HubClient client) {
    this.client = client;
  }

  /** Up to {@code limit} model ids of an author, optionally filtered by a search text. */
  List<String> list(String author, String search, int limit)
      throws HubException {
    HttpUrl.Builder b = new HubUrls(client.endpoint().toString()).list();
    if (author != null) {
      b.addQueryParameter("author", author);
    }
    if (search != null) {
      b.addQueryParameter("search", search);
    }
    b.addQueryParameter("limit", Integer.toString(Math.min(limit, 1000)));
    HttpUrl url = b.build();
    List<String> ids = new ArrayList<>();
    int pages = 0;
    while (url != null && ids.size() < limit && pages++ < 10_000) {
      HttpResult r = client.get(url, null, null, MAX_PAGE);
      Object parsed;
      try {
        parsed = Json.parse(r.body());
      } catch (JsonException e) {
        throw new HubUnavailableException.Garbled(HubClient.describe(url)
            + ": the listing is not JSON (" + e.getMessage() + ")");
      }
      if (!(parsed instanceof List)) {
        throw new HubUnavailableException.Garbled(HubClient.describe(url)
            + ": the listing is not a JSON array");
      }
      for (Object o : (List<?>) parsed) {
        if (o instanceof Map) {
          Object id = ((Map<?, ?>) o).get("id");
          if (!(id instanceof String)) {
            id = ((Map<?, ?>) o).get("modelId");
          }
          if (id instanceof String && ids.size() < limit) {
            ids.add((String) id);
          }
        }
      }
      url = next(r.next());
    }
    return ids;
  }

  /** The next page, re-pointed at the endpoint when a mirror's Link names another host. */
  private HttpUrl next(String link) {
    if (link == null) {
      return null;
    }
    HttpUrl parsed = client.endpoint().resolve(link);
    if (parsed == null) {
      return null;
    }
    if (!HubClient.sameOrigin(parsed, client.endpoint())) {
      HttpUrl e = client.endpoint();
      parsed = parsed.newBuilder().scheme(e.scheme()).host(e.host()).port(e.port()).build();
    }
    return parsed;
  }
}
