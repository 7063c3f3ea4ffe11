package dev.vantage.coordinator.store;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a {@link Store}: connects, brings the schema up to date, and hands it over. */
public final class StoreFactory {
    private static final Logger log = LoggerFactory.getLogger(StoreFactory.class);

    private StoreFactory() {
    }

    /**
     * Opens the store and runs pending migrations.
     *
     * @throws StoreException when the database cannot be reached or migrated; the message names the URL
     */
    public static Store open(StoreConfig config) {
        Database database = config.isSqlite() ? openSqlite(config) : openPostgres(config);
        log.info("store open: {}", database.describe());
        return new JdbcStore(database, config.purgeChunkSize());
    }

    private static Database openSqlite(StoreConfig config) {
        Path file = SqliteDatabase.fileOf(config);
        migrate(SqliteDatabase.dataSource(file, true), "sqlite", config);
        try {
            return SqliteDatabase.open(file, config.poolSize());
        } catch (SQLException e) {
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    private static Database openPostgres(StoreConfig config) {
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(config.jdbcUrl());
        config.user().ifPresent(hikari::setUsername);
        config.password().ifPresent(hikari::setPassword);
        config.schema().ifPresent(hikari::setSchema);
        hikari.setMaximumPoolSize(config.poolSize());
        hikari.setPoolName("vantage-postgresql");
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw new StoreException("cannot connect to the store " + config.jdbcUrl() + ": " + rootMessage(e), e);
        }
        try {
            migrate(pool, "postgresql", config);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
        return new PostgresDatabase(pool, config.jdbcUrl());
    }

    /** Common migrations plus the vendor's own (Flyway core has no {vendor} placeholder, so it is resolved here). */
    private static void migrate(DataSource dataSource, String vendor, StoreConfig config) {
        var flyway = Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/migration/common", "classpath:db/migration/" + vendor)
                .createSchemas(true);
        config.schema().ifPresent(flyway::schemas);
        try {
            var result = flyway.load().migrate();
            if (result.migrationsExecuted > 0) {
                log.info("store schema migrated to version {} ({} migrations)", result.targetSchemaVersion, result.migrationsExecuted);
            }
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store " + config.jdbcUrl() + ": " + rootMessage(e), e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }
}
