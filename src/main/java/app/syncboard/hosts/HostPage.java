package app.syncboard.hosts;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.ui.Model;

/** The host page, shared by the controllers whose actions end on it (fetching a key, testing the connection). */
@Component
class HostPage {

    static final String VIEW = "hosts/host";

    private static final Map<String, String> KEY_FILES = Map.of(
            "ssh-ed25519", "ed25519",
            "ssh-ed448", "ed448",
            "ssh-rsa", "rsa",
            "ssh-dss", "dsa");

    private final Pairs pairs;

    HostPage(Pairs pairs) {
        this.pairs = pairs;
    }

    String render(Host host, Model model) {
        model.addAttribute("host", host);
        model.addAttribute("usedBy", pairsUsing(host));
        host.acceptedKey().ifPresent(key -> model.addAttribute("acceptedKey", key));
        host.offeredKey().ifPresent(key -> {
            model.addAttribute("offeredKey", key);
            model.addAttribute("offeredCompare", compareCommand(key));
        });
        if (!model.containsAttribute("importForm")) {
            model.addAttribute("importForm", HostKeyForm.empty());
        }
        return VIEW;
    }

    /** Names of the pairs that have the host on one side. */
    List<String> pairsUsing(Host host) {
        return pairs.findByPrimaryHostIdOrStandbyHostIdOrderByName(host.id(), host.id()).stream()
                .map(Pair::name)
                .toList();
    }

    /** What to run on the host itself to see the fingerprint of its key of this type. */
    static String compareCommand(HostKeys.PublicKey key) {
        String file = key.type().startsWith("ecdsa-") ? "ecdsa" : KEY_FILES.getOrDefault(key.type(), "ed25519");
        return "ssh-keygen -lf /etc/ssh/ssh_host_" + file + "_key.pub";
    }
}
