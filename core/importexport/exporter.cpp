#include "exporter.h"

#include "exportclearance.h"

#include "core/domain/fieldcatalogue.h"
#include "core/reference/audittrail.h"
#include "core/reference/permissions.h"
#include "core/storage/localstore.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonObject>
#include <QSaveFile>
#include <QSqlError>
#include <QSqlQuery>

namespace Leadline {

namespace {

const char *const customerFields[] = {"name",     "company", "title",  "phone",
                                      "email",    "industry", "region", "source",
                                      "customer_type", "stage", "intent", "owner",
                                      "amount",   "tags",    "created_at"};

QString timeText(const QVariant &ms)
{
    if (ms.isNull())
        return {};
    return QDateTime::fromMSecsSinceEpoch(ms.toLongLong()).toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
}

QString numberText(double value)
{
    return QString::number(value, 'g', 15);
}

// How many rows an export will write, for the server's audit entry made before the file.
int liveCustomers(const LocalStore &store)
{
    QSqlQuery query(store.database());
    if (query.exec(QStringLiteral("SELECT count(*) FROM customers WHERE deleted = 0")) && query.next())
        return query.value(0).toInt();
    return 0;
}

int liveCalls(const LocalStore &store, const QStringList &customerIds)
{
    const QString count = QStringLiteral(
        "SELECT count(*) FROM calls k JOIN customers c ON c.id = k.customer_id "
        "WHERE k.deleted = 0 AND c.deleted = 0");
    QSqlQuery query(store.database());
    if (customerIds.isEmpty())
        return query.exec(count) && query.next() ? query.value(0).toInt() : 0;
    int total = 0;
    query.prepare(count + QStringLiteral(" AND k.customer_id = ?"));
    for (const QString &id : customerIds) {
        query.addBindValue(id);
        if (query.exec() && query.next())
            total += query.value(0).toInt();
    }
    return total;
}

QString formatName(TableWriter::Format format)
{
    return format == TableWriter::Format::Csv ? QStringLiteral("csv") : QStringLiteral("xlsx");
}

} // namespace

Exporter::Exporter(LocalStore &store)
    : m_store(store)
{}

Result<int> Exporter::exportCustomers(const QString &path, TableWriter::Format format,
                                      const QStringList &ids)
{
    const QJsonObject detail = {{QStringLiteral("kind"), QStringLiteral("customers")},
                                {QStringLiteral("format"), formatName(format)},
                                {QStringLiteral("rows"), ids.isEmpty() ? liveCustomers(m_store)
                                                                       : int(ids.size())}};
    const auto cleared = clear(QStringLiteral("customers"), detail);
    if (!cleared)
        return cleared.error();
    auto writer = TableWriter::create(path, format, tr("Customers"));
    if (!writer)
        return writer.error();
    QStringList header;
    for (const char *key : customerFields)
        header.append(FieldCatalogue::field(QLatin1String(key))->label());
    if (auto written = writer.value()->writeRow(header); !written)
        return written.error();

    const QString select = QStringLiteral(
        "SELECT c.name, c.company, c.title, "
        "(SELECT group_concat(p.e164, '; ') FROM phones p WHERE p.customer_id = c.id AND "
        "p.deleted = 0), c.email, c.industry, c.region, c.source, c.customer_type, c.stage, "
        "c.intent, a.login, c.amount, (SELECT group_concat(t.name, ', ') FROM customer_tags ct "
        "JOIN tags t ON t.id = ct.tag_id WHERE ct.customer_id = c.id AND ct.deleted = 0), "
        "c.created_at FROM customers c LEFT JOIN agents a ON a.id = c.owner_id WHERE c.deleted = 0");
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    int count = 0;
    auto writeCurrent = [&]() -> Status {
        QStringList cells;
        for (int i = 0; i < 15; ++i) {
            if (i == 12)
                cells.append(numberText(query.value(i).toDouble()));
            else if (i == 14)
                cells.append(timeText(query.value(i)));
            else
                cells.append(query.value(i).toString());
        }
        ++count;
        return writer.value()->writeRow(cells);
    };
    if (ids.isEmpty()) {
        if (!query.exec(select + QStringLiteral(" ORDER BY c.created_at, c.rowid")))
            return Error{tr("The customers cannot be read: %1").arg(query.lastError().text())};
        while (query.next()) {
            if (auto written = writeCurrent(); !written)
                return written.error();
        }
    } else {
        query.prepare(select + QStringLiteral(" AND c.id = ?"));
        for (const QString &id : ids) {
            query.addBindValue(id);
            if (!query.exec())
                return Error{tr("The customers cannot be read: %1").arg(query.lastError().text())};
            if (query.next()) {
                if (auto written = writeCurrent(); !written)
                    return written.error();
            }
        }
    }
    if (auto closed = writer.value()->close(); !closed)
        return closed.error();
    QJsonObject written = detail;
    written.insert(QStringLiteral("rows"), count);
    if (auto audited = audit(*cleared, QStringLiteral("customers"), written); !audited)
        return audited.error();
    return count;
}

Result<int> Exporter::exportCalls(const QString &path, TableWriter::Format format,
                                  const QStringList &customerIds)
{
    const QJsonObject detail = {{QStringLiteral("kind"), QStringLiteral("calls")},
                                {QStringLiteral("format"), formatName(format)},
                                {QStringLiteral("rows"), liveCalls(m_store, customerIds)}};
    const auto cleared = clear(QStringLiteral("calls"), detail);
    if (!cleared)
        return cleared.error();
    auto writer = TableWriter::create(path, format, tr("Calls"));
    if (!writer)
        return writer.error();
    const QStringList header = {tr("Started"), tr("Customer"),    tr("Phone"),
                                tr("Agent"),   tr("Direction"),   tr("Duration (s)"),
                                tr("Outcome"), tr("Disposition"), tr("Note")};
    if (auto written = writer.value()->writeRow(header); !written)
        return written.error();
    const QString select = QStringLiteral(
        "SELECT k.started_at, c.name, k.phone_e164, a.login, k.direction, k.duration_s, "
        "k.outcome, d.name, k.note FROM calls k JOIN customers c ON c.id = k.customer_id "
        "LEFT JOIN agents a ON a.id = k.agent_id LEFT JOIN dispositions d ON d.id = "
        "k.disposition_id WHERE k.deleted = 0 AND c.deleted = 0");
    QSqlQuery query(m_store.database());
    query.setForwardOnly(true);
    int count = 0;
    auto writeAll = [&]() -> Status {
        while (query.next()) {
            QStringList cells = {timeText(query.value(0))};
            for (int i = 1; i < 9; ++i)
                cells.append(query.value(i).toString());
            ++count;
            if (auto written = writer.value()->writeRow(cells); !written)
                return written;
        }
        return {};
    };
    if (customerIds.isEmpty()) {
        if (!query.exec(select + QStringLiteral(" ORDER BY k.started_at DESC")))
            return Error{tr("The calls cannot be read: %1").arg(query.lastError().text())};
        if (auto written = writeAll(); !written)
            return written.error();
    } else {
        query.prepare(select + QStringLiteral(" AND k.customer_id = ? ORDER BY k.started_at DESC"));
        for (const QString &id : customerIds) {
            query.addBindValue(id);
            if (!query.exec())
                return Error{tr("The calls cannot be read: %1").arg(query.lastError().text())};
            if (auto written = writeAll(); !written)
                return written.error();
        }
    }
    if (auto closed = writer.value()->close(); !closed)
        return closed.error();
    QJsonObject written = detail;
    written.insert(QStringLiteral("rows"), count);
    if (auto audited = audit(*cleared, QStringLiteral("calls"), written); !audited)
        return audited.error();
    return count;
}

Result<bool> Exporter::clear(const QString &kind, const QJsonObject &detail)
{
    if (auto allowed = Permissions(m_store).check(Permissions::Action::ExportData); !allowed)
        return allowed.error();
    if (!m_clearance)
        return false;
    const auto answer = m_clearance->clear(kind, detail);
    if (!answer)
        return answer.error();
    return *answer == ExportClearance::Answer::Recorded;
}

Status Exporter::audit(bool recordedOnServer, const QString &kind, const QJsonObject &detail)
{
    if (recordedOnServer)
        return {}; // the server's entry arrives with the next pull
    return AuditTrail(m_store).record(QStringLiteral("export"), kind, {}, detail);
}

bool Exporter::mayExport() const
{
    return Permissions(m_store).may(Permissions::Action::ExportData);
}

Result<int> Exporter::exportTable(const QString &path, TableWriter::Format format,
                                  const ExportedTable &table)
{
    QJsonObject detail = table.detail;
    detail.insert(QStringLiteral("kind"), table.kind);
    detail.insert(QStringLiteral("format"), formatName(format));
    detail.insert(QStringLiteral("rows"), int(table.rows.size()));
    detail.insert(QStringLiteral("columns"), QJsonArray::fromStringList(table.header));
    const auto cleared = clear(table.kind, detail);
    if (!cleared)
        return cleared.error();
    auto writer = TableWriter::create(path, format, table.sheet);
    if (!writer)
        return writer.error();
    if (auto written = writer.value()->writeRow(table.header); !written)
        return written.error();
    for (const QVariantList &row : table.rows) {
        if (auto written = writer.value()->writeValues(row); !written)
            return written.error();
    }
    if (auto closed = writer.value()->close(); !closed)
        return closed.error();
    if (auto audited = audit(*cleared, table.kind, detail); !audited)
        return audited.error();
    return int(table.rows.size());
}

Status Exporter::exportPicture(const QString &path, const QByteArray &png, const QString &kind,
                               const QJsonObject &detail)
{
    QJsonObject recorded = detail;
    recorded.insert(QStringLiteral("kind"), kind);
    recorded.insert(QStringLiteral("format"), QStringLiteral("png"));
    const auto cleared = clear(kind, recorded);
    if (!cleared)
        return cleared.error();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(png) != png.size() || !file.commit())
        return Error{tr("%1 cannot be written: %2").arg(path, file.errorString())};
    return audit(*cleared, kind, recorded);
}

} // namespace Leadline
