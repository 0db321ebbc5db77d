#include "benchserver.h"
#include "commands.h"

#include "core/demo/demoworkspace.h"
#include "core/storage/localstore.h"
#include "core/sync/serverschema.h"
#include "core/sync/syncround.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QThread>

#include <cstdio>

namespace Leadline::Cli {

void progressLine(const QString &line)
{
    const QByteArray text = line.toUtf8();
    std::fprintf(stderr, "%s\n", text.constData());
    std::fflush(stderr);
}

bool waitFor(const std::function<bool()> &condition, int timeoutMs)
{
    QElapsedTimer timer;
    timer.start();
    while (!condition()) {
        if (timer.elapsed() > timeoutMs)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents, 2);
        QThread::msleep(2);
    }
    return true;
}

void pauseFor(int ms)
{
    waitFor([] { return false; }, ms);
}

QString scratchPath(const LocalStore &bench, const QString &suffix)
{
    const QFileInfo info(bench.path());
    return info.dir().filePath(info.completeBaseName() + suffix);
}

void removeWorkspace(const QString &path)
{
    for (const QString &file : {path, path + QStringLiteral("-wal"), path + QStringLiteral("-shm")})
        QFile::remove(file);
}

Result<std::unique_ptr<ServerConnection>> adminConnection(const ServerUrl &url)
{
    auto connection = ServerConnection::open(url);
    if (!connection)
        return connection.error();
    if (auto migrated = ServerSchema::migrate(**connection); !migrated)
        return migrated.error();
    return connection;
}

Result<std::unique_ptr<ServerConnection>> adminConnection(const BenchInput &input)
{
    auto url = ServerUrl::parse(input.serverUrl);
    if (!url)
        return url.error();
    return adminConnection(*url);
}

Status ensureServerData(const BenchInput &input, ServerConnection &connection, int customers)
{
    auto count = connection.scalar(QStringLiteral("SELECT count(*) FROM customers"));
    if (!count)
        return count.error();
    if (count->toInt() > 0)
        return {};
    const QString path = scratchPath(input.store, QStringLiteral(".sync-seed.leadline"));
    removeWorkspace(path);
    auto seed = LocalStore::open(path);
    if (!seed)
        return seed.error();
    progressLine(tr("Seeding the server %1 with %2 customers…")
                     .arg(connection.url().display())
                     .arg(customers));
    DemoOptions options;
    options.customers = customers;
    options.seed = input.seed;
    options.callsPerCustomer = 0;
    if (auto generated = DemoWorkspace::generate(**seed, options); !generated)
        return generated.error();
    SyncRound round(**seed, connection);
    round.setBatchSize(2000);
    auto pushed = round.run();
    seed.value().reset();
    removeWorkspace(path);
    if (!pushed)
        return pushed.error();
    return {};
}

} // namespace Leadline::Cli
