#pragma once

#include "tablewriter.h"

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QStringList>

namespace Leadline {

class LocalStore;

/// Exports customers and calls to CSV or XLSX, with headers in the UI language that an import
/// maps back to the same fields. Supervisors and admins only.
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

private:
    LocalStore &m_store;
};

} // namespace Leadline
