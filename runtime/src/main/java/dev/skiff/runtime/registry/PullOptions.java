package dev.skiff.runtime.registry;

/**
 * How to pull: the platform, TLS policy and credentials.
 *
 * @param platform    the platform to pick from a manifest list
 * @param tlsVerify   false to allow plain HTTP and unverified TLS; null to follow registries.conf
 * @param credentials {@code --creds}, or null to use the auth file
 * @param authFile    where logins are kept
 * @param conf        registries.conf
 * @param home        the user's home, for {@code ~/.config/containers/certs.d}
 */
public record PullOptions(PlatformSelector platform, Boolean tlsVerify, Credentials credentials, AuthFile authFile,
                          RegistriesConf conf, String home) {}
