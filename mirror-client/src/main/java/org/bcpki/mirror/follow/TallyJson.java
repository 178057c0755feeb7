package org.bcpki.mirror.follow;

import java.util.ArrayList;
import java.util.List;
import org.bcpki.core.chain.Address;
import org.bcpki.core.chain.PendingVote;
import org.bcpki.core.chain.VoteTally;
import org.bcpki.core.json.JsonValue;

/** The JSON form of a vote tally shared by anchor and store files: {@code validators}, {@code pendingVotes}. */
final class TallyJson {
    private TallyJson() {}

    static void write(JsonValue.JsonObject.Builder b, List<Address> validators, List<PendingVote> votes) {
        List<JsonValue> pending = new ArrayList<>();
        for (PendingVote vote : votes) {
            pending.add(JsonValue.JsonObject.builder().put("proposer", vote.proposer().toHex())
                    .put("subject", vote.subject().toHex()).put("add", vote.add()).build());
        }
        b.put("validators", JsonValue.JsonArray.ofStrings(validators.stream().map(Address::toHex).toList()));
        b.put("pendingVotes", new JsonValue.JsonArray(pending));
    }

    static List<Address> validators(JsonValue.JsonObject o) {
        List<Address> validators = new ArrayList<>();
        for (String hex : o.array("validators").strings("validators")) {
            validators.add(Address.fromHex(hex));
        }
        return validators;
    }

    /** The pending votes; an absent field means none. */
    static List<PendingVote> pendingVotes(JsonValue.JsonObject o) {
        List<PendingVote> votes = new ArrayList<>();
        JsonValue.JsonArray pending = o.optional("pendingVotes").map(v -> v.asArray("pendingVotes"))
                .orElse(new JsonValue.JsonArray(List.of()));
        for (int i = 0; i < pending.size(); i++) {
            JsonValue.JsonObject v = pending.get(i).asObject("pendingVotes[" + i + "]");
            votes.add(new PendingVote(Address.fromHex(v.string("proposer")), Address.fromHex(v.string("subject")),
                    v.get("add").asBoolean("pendingVotes[" + i + "].add")));
        }
        return votes;
    }

    static VoteTally read(JsonValue.JsonObject o) {
        return VoteTally.of(validators(o), pendingVotes(o));
    }
}
