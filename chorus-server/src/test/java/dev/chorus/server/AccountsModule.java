package dev.chorus.server;

import dev.chorus.core.context.MessageContext;
import dev.chorus.core.decider.CommandLoop;
import dev.chorus.core.projection.ProjectionRunner;
import io.javalin.config.RoutesConfig;
import java.util.Map;
import java.util.Set;

/**
 * A module as an application writes one, over the test domain: what the shop's endpoints will look like. Also
 * a route that fails unexpectedly, to see what a client gets then.
 */
final class AccountsModule implements ApiModule {
    static final String SECRET = "secret-internal-detail";

    private final CommandLoop<Accounts.Command, Accounts.Account, Accounts.Event> commands;
    private final ProjectionRunner<Accounts.Event> balances;

    AccountsModule(CommandLoop<Accounts.Command, Accounts.Account, Accounts.Event> commands,
                   ProjectionRunner<Accounts.Event> balances) {
        this.commands = commands;
        this.balances = balances;
    }

    @Override
    public void register(RoutesConfig routes, ApiSupport support) {
        routes.post("/api/accounts", ctx -> {
            support.query(ctx, Set.of());
            var body = support.body(ctx);
            String id = body.text("id", 40);
            var result = commands.handle(new Accounts.Open(id, body.text("owner", 100)),
                    MessageContext.correlatedBy(body.optionalText("requestId", 100).orElse("open-" + id)));
            ctx.status(201).json(Map.of("accountId", id, "position", result.position()));
        });
        routes.post("/api/accounts/{id}/deposits", ctx -> {
            support.query(ctx, Set.of());
            var body = support.body(ctx);
            long amount = body.integer("amount", 1, 1_000_000_000);
            var result = commands.handle(new Accounts.Deposit(ctx.pathParam("id"), amount), MessageContext.root());
            ctx.status(202).json(Map.of("position", result.position()));
        });
        routes.get("/api/accounts/{id}/balance", ctx -> {
            var query = support.query(ctx, Set.of("position"));
            query.integer("position", 0, Long.MAX_VALUE)
                    .ifPresent(position -> support.readYourWrites().await(balances, position));
            long balance = balances.view().get("balance/" + ctx.pathParam("id"), Accounts.MONEY)
                    .orElseThrow(() -> ApiError.notFound("account-not-found", "no account " + ctx.pathParam("id")));
            ctx.json(Map.of("balance", balance));
        });
        // Starts a stream with one event: the store's own errors pass straight through.
        routes.post("/api/raw/{stream}", ctx -> {
            support.body(ctx);
            var appended = support.backend().events().append(ctx.pathParam("stream"),
                    dev.chorus.core.ExpectedVersion.noStream(),
                    dev.chorus.core.NewEvent.of(dev.chorus.core.EventType.of("test.Raw", 1), "{}".getBytes()));
            ctx.status(201).json(Map.of("position", appended.lastPosition()));
        });
        routes.get("/api/broken", ctx -> {
            throw new IllegalStateException(SECRET);
        });
    }
}
