#include "importmapping.h"

#include "core/domain/clock.h"
#include "core/domain/fieldcatalogue.h"
#include "core/storage/localstore.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>

namespace Leadline {

QStringList ImportMapping::importableFields()
{
    static const QStringList keys = {
        QStringLiteral("name"),          QStringLiteral("company"),
        QStringLiteral("title"),         QStringLiteral("phone"),
        QStringLiteral("email"),         QStringLiteral("industry"),
        QStringLiteral("region"),        QStringLiteral("source"),
        QStringLiteral("customer_type"), QStringLiteral("stage"),
        QStringLiteral("intent"),        QStringLiteral("owner"),
        QStringLiteral("amount"),        QStringLiteral("tags"),
        QStringLiteral("notes"),         QStringLiteral("contact_name"),
        QStringLiteral("contact_title"), QStringLiteral("contact_email"),
        QStringLiteral("created_at"),
    };
    return keys;
}

ImportMapping ImportMapping::guess(const QStringList &headers)
{
    ImportMapping mapping;
    const QStringList importable = importableFields();
    for (const QString &header : headers) {
        const FieldDefinition *field = FieldCatalogue::forHeader(header);
        QString key = field && importable.contains(field->key) ? field->key : QString();
        const bool repeatable = key == QLatin1String("phone") || key == QLatin1String("tags");
        if (!key.isEmpty() && !repeatable && mapping.fields.contains(key))
            key.clear();
        mapping.fields.append(key);
    }
    return mapping;
}

QString ImportMapping::headerKey(const QStringList &headers)
{
    QStringList normalized;
    normalized.reserve(headers.size());
    for (const QString &header : headers)
        normalized.append(FieldCatalogue::normalizeHeader(header));
    return normalized.join(QChar(0x1f));
}

ImportMapping ImportMapping::recall(const LocalStore &store, const QStringList &headers)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral("SELECT mapping FROM import_mappings WHERE header_key = ?"));
    query.addBindValue(headerKey(headers));
    if (query.exec() && query.next()) {
        const QJsonArray array = QJsonDocument::fromJson(query.value(0).toString().toUtf8()).array();
        ImportMapping remembered;
        const QStringList importable = importableFields();
        for (const QJsonValue &value : array) {
            const QString key = value.toString();
            remembered.fields.append(importable.contains(key) ? key : QString());
        }
        if (remembered.fields.size() == headers.size())
            return remembered;
    }
    return guess(headers);
}

Status ImportMapping::remember(LocalStore &store, const QStringList &headers,
                               const ImportMapping &mapping)
{
    QSqlQuery query(store.database());
    query.prepare(QStringLiteral(
        "INSERT INTO import_mappings(header_key, mapping, updated_at) VALUES(?, ?, ?) "
        "ON CONFLICT(header_key) DO UPDATE SET mapping = excluded.mapping, "
        "updated_at = excluded.updated_at"));
    query.addBindValue(headerKey(headers));
    query.addBindValue(QString::fromUtf8(
        QJsonDocument(QJsonArray::fromStringList(mapping.fields)).toJson(QJsonDocument::Compact)));
    query.addBindValue(store.clock().nowMs());
    if (!query.exec())
        return Error{QStringLiteral("The import mapping could not be remembered.")};
    return {};
}

} // namespace Leadline
