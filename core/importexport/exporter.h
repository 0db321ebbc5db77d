#pragma once

#include "tablewriter.h"

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QJsonObject>
#include <QList>
#include <QStringList>
#include <QVariantList>

namespace Leadline {

class ExportClearance;
class LocalStore;

/// A table as a view shows it (its columns in their order, its rows in their sort), and what
/// the audit entry says about it besides its format and size (e.g. a report's scope and period).
struct ExportedTable
{
    QString kind;  ///< what it is, e.g. "team_kpis": the audit entry's table name and kind
    QString sheet; ///< the XLSX worksheet's name
    QStringList header;
    QList<QVariantList> rows; ///< numbers stay numbers in XLSX
    QJsonObject detail;
};

/// Exports customers, calls and the tables and charts views show, to CSV, XLSX or PNG, and
/// records every export in the audit trail (§2.8, §2.9); headers of customers and calls are in
/// the UI language, and an import maps them back to the same fields. Supervisors and admins only:
/// with a clearance (a workspace that has a server), the server is asked first, by the role it
/// knows, and records the export itself; without one, or with the server unreachable, the
/// local role decides and the audit entry goes with the next sync, where the server refuses an
/// agent's.
class Exporter final
{
    Q_DECLARE_TR_FUNCTIONS(Leadline::Exporter)

public:
    explicit Exporter(LocalStore &store);

    /// Writes the customers with these ids (all customers in the workspace when empty), in
    /// the order given; returns how many rows were written.
    Result<int> exportCustomers(const QString &path, TableWriter::Format format,
                                const QStringList &ids = {});
    /// Writes the calls of these customers (all calls when empty), newest first.
    Result<int> exportCalls(const QString &path, TableWriter::Format format,
                            const QStringList &customerIds = {});
    /// Writes a table a view shows; returns how many rows were written.
    Result<int> exportTable(const QString &path, TableWriter::Format format,
                            const ExportedTable &table);
    /// Writes a picture a view made (PNG bytes) of what kind shows, e.g. "team_chart".
    Status exportPicture(const QString &path, const QByteArray &png, const QString &kind,
                         const QJsonObject &detail = {});
    /// Whether the signed-in user may export (views hide their export actions otherwise).
    bool mayExport() const;
    /// The server to ask before each export (nullptr: none); not owned.
    void setClearance(ExportClearance *clearance) { m_clearance = clearance; }

private:
    /// Checks the local role, then asks the server: true when the server recorded the export,
    /// false when the workstation records it (no server, or offline).
    Result<bool> clear(const QString &kind, const QJsonObject &detail);
    /// Records the export in the local audit trail unless the server did.
    Status audit(bool recordedOnServer, const QString &kind, const QJsonObject &detail);

    LocalStore &m_store;
    ExportClearance *m_clearance = nullptr;
};

} // namespace Leadline
