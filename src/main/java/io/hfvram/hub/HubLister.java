package io.hfvram.hub;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import okhttp3.HttpUrl;

/**
 * Lists model ids through {@code GET /api/models?author=&search=&limit=}, following the Link
 * header's rel="next" (GitHub-style cursor pagination) until the limit or the last page. Bounded by
 * design: pages are read as a stream (only the ids are kept), at most {@link #MAX_PAGE} bytes a
 * page and {@link #MAX_TOTAL} in all, at most {@link #MAX_PAGES} pages; ids longer than {@link
 * #MAX_ID} characters are skipped and duplicates dropped. A Link that comes back to a page already
 * read, or a page that adds no new id, is a garbled listing.
 */
final class HubLister {
  /** Largest listing page body accepted. */
  static final long MAX_PAGE = 16L << 20;

  /** Largest total of listing bytes read. */
  static final long MAX_TOTAL = 256L << 20;

  /** Most pages read. */
  static final int MAX_PAGES = 10_000;

  /** Longest id kept (a Hub id is at most 96 + 1 + 96 characters). */
  static final int MAX_ID = 200;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxNestingDepth(64)
                  .maxStringLength(1 << 20)
                  .maxNumberLength(1000)
                  .build())
          .build();

  private final HubClient client;

  HubLister(HubClient client) {
    this.client = client;
  }

  /** Up to {@code limit} model ids of an author, optionally filtered by a search text. */
  List<String> list(String author, String search, int limit) throws HubException {
    HttpUrl.Builder b = new HubUrls(client.endpoint().toString()).list();
    if (author != null) {
      b.addQueryParameter("author", author);
    }
    if (search != null) {
      b.addQueryParameter("search", search);
    }
    b.addQueryParameter("limit", Integer.toString(Math.min(limit, 1000)));
    HttpUrl url = b.build();
    Set<String> ids = new LinkedHashSet<>();
    Set<String> seen = new HashSet<>();
    long total = 0;
    while (url != null && ids.size() < limit) {
      String where = HubClient.describe(url);
      if (!seen.add(url.toString())) {
        throw new HubUnavailableException.Garbled(
            where
                + ": the listing's Link pagination"
                + " loops back to a page already read (after "
                + seen.size()
                + " pages)");
      }
      if (seen.size() > MAX_PAGES) {
        throw new HubUnavailableException.Garbled(
            where + ": the listing has more than " + MAX_PAGES + " pages");
      }
      HttpResult r = client.get(url, null, null, MAX_PAGE);
      total += r.body().length;
      if (total > MAX_TOTAL) {
        throw new HubUnavailableException.Garbled(
            where + ": the listing is over " + (MAX_TOTAL >> 20) + " MiB in all");
      }
      int before = ids.size();
      read(r.body(), ids, limit, where);
      url = next(r.next());
      if (url != null && ids.size() == before && ids.size() < limit) {
        throw new HubUnavailableException.Garbled(
            where + ": a listing page with a next page" + " but no new id");
      }
    }
    return new ArrayList<>(ids);
  }

  /** Adds the ids of one page (an array of objects with "id" or "modelId"). */
  static void read(byte[] page, Set<String> ids, int limit, String where)
      throws HubUnavailableException {
    try (JsonParser p = FACTORY.createParser(page)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw new HubUnavailableException.Garbled(where + ": the listing is not a JSON array");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        if (t == null) {
          throw new IOException("unexpected end");
        }
        if (t != JsonToken.START_OBJECT) {
          p.skipChildren();
          continue;
        }
        String id = null;
        String modelId = null;
        for (JsonToken f = p.nextToken(); f != JsonToken.END_OBJECT; f = p.nextToken()) {
          String name = p.currentName();
          JsonToken v = p.nextToken();
          if (v == JsonToken.VALUE_STRING && "id".equals(name)) {
            id = p.getText();
          } else if (v == JsonToken.VALUE_STRING && "modelId".equals(name)) {
            modelId = p.getText();
          } else {
            p.skipChildren();
          }
        }
        String chosen = id != null ? id : modelId;
        if (chosen != null && chosen.length() <= MAX_ID && ids.size() < limit) {
          ids.add(chosen);
        }
      }
    } catch (IOException | RuntimeException e) {
      throw new HubUnavailableException.Garbled(
          where
              + ": the listing is not JSON ("
              + HubTransport.firstLine(String.valueOf(e.getMessage()))
              + ")");
    }
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
    return Redaction.withoutUserinfo(parsed);
  }
}
