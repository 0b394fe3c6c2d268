package io.exordos.s3aas.server.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * One page of a list, consistent as of {@code revision}: a watch started from that revision sees
 * exactly the changes that came after this page's state.
 *
 * @param continueToken the token for the next page, or null on the last page
 */
public record ListPage(List<ObjectNode> items, long revision, @Nullable String continueToken) {}
