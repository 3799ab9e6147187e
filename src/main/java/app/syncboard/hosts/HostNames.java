package app.syncboard.hosts;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The rules for what reaches an SSH connection or an ssh command line as a host address or a user name. They are
 * strict on purpose: neither can start with a dash (no {@code -oProxyCommand=...}) or hold anything a shell reads.
 */
public final class HostNames {

    private static final Pattern HOSTNAME = Pattern.compile(
            "(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\\.?");
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");
    private static final Pattern RSH_SAFE = Pattern.compile("[^\\s'\"\\\\]+");
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,31}");

    private HostNames() {}

    /** What is wrong with an address (host name, IPv4 or IPv6), or empty when it is acceptable. */
    public static Optional<String> problemWithAddress(String address) {
        if (address == null || address.isBlank()) {
            return Optional.of("Enter the host name or IP address.");
        }
        if (address.contains(":")) {
            return IPV6.matcher(address).matches()
                    ? Optional.empty()
                    : Optional.of("Not a valid IPv6 address (write it without brackets, e.g. fd00::12).");
        }
        return HOSTNAME.matcher(address).matches()
                ? Optional.empty()
                : Optional.of("Use a host name (letters, digits, dots and inner dashes, e.g. standby.example.org)"
                        + " or an IP address.");
    }

    /** An address as ssh, rsync and URLs write it: an IPv6 address in brackets. */
    static String bracketed(String address) {
        return address.contains(":") ? "[" + address + "]" : address;
    }

    /**
     * Whether a word can stand in rsync's {@code -e} string, which rsync splits on white space and whose quotes it reads
     * itself.
     */
    static boolean fitsRsh(String word) {
        return RSH_SAFE.matcher(word).matches();
    }

    /** What is wrong with a login name, or empty when it is acceptable. */
    public static Optional<String> problemWithUser(String user) {
        if (user == null || user.isBlank()) {
            return Optional.of("Enter the user to log in as.");
        }
        return USER.matcher(user).matches()
                ? Optional.empty()
                : Optional.of("Use at most 32 letters, digits, '_', '.' or '-', not starting with '-' or '.'.");
    }

    /** What is wrong with a port, or empty when it is acceptable. */
    public static Optional<String> problemWithPort(Integer port) {
        return port == null || (port >= 1 && port <= 65535)
                ? Optional.empty()
                : Optional.of("Use a port between 1 and 65535.");
    }
}
