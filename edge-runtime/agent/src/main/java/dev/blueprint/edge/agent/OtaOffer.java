package dev.blueprint.edge.agent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.blueprint.edge.ota.Envelope;
import dev.blueprint.edge.ota.KeysMetadata;
import dev.blueprint.edge.ota.Manifest;
import dev.blueprint.edge.ota.RootMetadata;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An update offer as the coordinator publishes it (docs/mqtt-contract.md): the rollout it belongs
 * to and the signed metadata (new roots, keys, the manifest), base64 in JSON. Parsing checks only
 * the form; {@link dev.blueprint.edge.ota.BundleVerifier} decides trust.
 *
 * @param keys the keys metadata, or null when the offer carries none
 */
record OtaOffer(String rollout, List<Envelope> roots, Envelope keys, Envelope manifest) {
  private static final ObjectMapper JSON = new ObjectMapper();

  static OtaOffer parse(byte[] payload) throws IOException {
    JsonNode offer = JSON.readTree(new String(payload, StandardCharsets.UTF_8));
    Base64.Decoder b64 = Base64.getDecoder();
    Envelope manifest =
        Envelope.parse(
            b64.decode(offer.path("manifest").asText()), "offer: manifest", Manifest.TYPE);
    Envelope keys =
        offer.hasNonNull("keys")
            ? Envelope.parse(
                b64.decode(offer.get("keys").asText()), "offer: keys", KeysMetadata.TYPE)
            : null;
    List<Envelope> roots = new ArrayList<>();
    for (JsonNode r : offer.path("roots")) {
      roots.add(Envelope.parse(b64.decode(r.asText()), "offer: root", RootMetadata.TYPE));
    }
    return new OtaOffer(offer.path("rollout").asText(""), roots, keys, manifest);
  }
}
