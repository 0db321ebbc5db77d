#pragma once

#include "core/domain/result.h"

class QAbstractItemModel;

namespace Leadline::Ui {

/// Writes what a table shows to a file: the horizontal headers, then every row. A cell's value
/// is the model's `valueRole` data when it has one (numbers stay numbers), else its display text.
class TableExporter final
{
public:
    /// CSV in UTF-8 with a byte-order mark, so that Excel opens Chinese text correctly.
    static Status toCsv(const QAbstractItemModel &model, const QString &path, int valueRole);
    /// An .xlsx workbook with one sheet (libxlsxwriter).
    static Status toXlsx(const QAbstractItemModel &model, const QString &path, int valueRole,
                         const QString &sheetName);
};

} // namespace Leadline::Ui
