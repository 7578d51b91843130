package dev.coffer.web;

import dev.coffer.account.AccountException;
import dev.coffer.account.Address;
import dev.coffer.account.PublicDirectory;
import dev.coffer.crypto.CmsSigner;
import io.javalin.http.Context;
import io.javalin.router.JavalinDefaultRoutingApi;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * Client autoconfiguration for hosted domains: Thunderbird's {@code config-v1.1.xml}, Microsoft
 * Autodiscover (POX) and an Apple {@code .mobileconfig} signed with the server's certificate, all pointing at the running mail
 * listeners. Nothing here says whether an account exists: only the domain must be hosted.
 */
public final class ClientAutoconfiguration implements WebRoutes {

    static final String THUNDERBIRD_WELL_KNOWN = "/.well-known/autoconfig/mail/config-v1.1.xml";
    static final String THUNDERBIRD_SUBDOMAIN = "/mail/config-v1.1.xml";
    static final String AUTODISCOVER = "/autodiscover/autodiscover.xml";
    static final String MOBILECONFIG = "/.well-known/coffer/mail.mobileconfig";

    private final PublicDirectory directory;
    private final MailEndpoints endpoints;
    private final CmsSigner profileSigner;

    /** @param profileSigner signs Apple profiles: the TLS certificate's key, with its chain */
    public ClientAutoconfiguration(PublicDirectory directory, MailEndpoints endpoints, CmsSigner profileSigner) {
        this.directory = directory;
        this.endpoints = endpoints;
        this.profileSigner = profileSigner;
    }

    @Override
    public void addTo(JavalinDefaultRoutingApi routes) {
        WebRoutes.getAndHead(routes, THUNDERBIRD_WELL_KNOWN, this::thunderbird);
        WebRoutes.getAndHead(routes, THUNDERBIRD_SUBDOMAIN, this::thunderbird);
        routes.post(AUTODISCOVER, this::autodiscover);
        routes.post("/Autodiscover/Autodiscover.xml", this::autodiscover);
        WebRoutes.getAndHead(routes, MOBILECONFIG, this::mobileconfig);
    }

    private void thunderbird(Context ctx) {
        String emailAddress = ctx.queryParam("emailaddress");
        Optional<String> domain = emailAddress == null
                ? hostDomain(ctx)
                : address(emailAddress).map(Address::domain).filter(directory::hosts);
        domain.ifPresentOrElse(
                d -> ctx.contentType("application/xml; charset=utf-8")
                        .result(ThunderbirdAutoconfig.document(d, endpoints)),
                () -> JavalinListener.problem(ctx, Problem.notFound()));
    }

    private void autodiscover(Context ctx) {
        Optional<String> requested = Autodiscover.requestedAddress(ctx.bodyAsBytes());
        if (requested.isEmpty()) {
            JavalinListener.problem(ctx, new Problem(400,
                    "An Autodiscover request is an XML document with an EMailAddress element."));
            return;
        }
        address(requested.get()).filter(a -> directory.hosts(a.domain())).ifPresentOrElse(
                a -> ctx.contentType("application/xml; charset=utf-8")
                        .result(Autodiscover.response(a.toString(), endpoints)),
                () -> JavalinListener.problem(ctx, Problem.notFound()));
    }

    private void mobileconfig(Context ctx) {
        String email = ctx.queryParam("email");
        if (email == null) {
            JavalinListener.problem(ctx, new Problem(400, "Name the mail address: ?email=you@example.org"));
            return;
        }
        Optional<Address> address = address(email).filter(a -> directory.hosts(a.domain()));
        if (address.isEmpty() || !AppleMailProfile.possible(endpoints)) {
            JavalinListener.problem(ctx, Problem.notFound());
            return;
        }
        Address a = address.get();
        ctx.header("Content-Disposition", "attachment; filename=\"" + a.domain() + ".mobileconfig\"")
                .contentType(AppleMailProfile.MEDIA_TYPE)
                .result(profileSigner.sign(AppleMailProfile.document(a.toString(), a.domain(), endpoints)
                        .getBytes(StandardCharsets.UTF_8)));
    }

    /** The hosted domain a request names by its host: DOMAIN, autoconfig.DOMAIN or autodiscover.DOMAIN. */
    private Optional<String> hostDomain(Context ctx) {
        return RequestHost.name(ctx.header("Host")).flatMap(host -> RequestHost.under("autoconfig", host)
                .or(() -> RequestHost.under("autodiscover", host))
                .filter(directory::hosts)
                .or(() -> Optional.of(host).filter(directory::hosts)));
    }

    private static Optional<Address> address(String text) {
        try {
            return Optional.of(Address.parse(text));
        } catch (AccountException e) {
            return Optional.empty();
        }
    }
}
