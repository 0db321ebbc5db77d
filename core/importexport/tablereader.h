#pragma once

#include "core/domain/result.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace Leadline {

/// A table read row by row from a file (CSV or one XLSX sheet), so an import never holds the
/// whole file in memory. Cells are text exactly as the file has them: phone numbers keep their
/// leading zeros, dates come as "yyyy-MM-dd" (with " HH:mm:ss" when they have a time).
class TableReader
{
public:
    virtual ~TableReader() = default;

    /// Opens a file by its kind: an .xlsx workbook (the named sheet, else the first) or CSV
    /// (the given encoding, else the detected one).
    static Result<std::unique_ptr<TableReader>> open(const QString &path, const QString &sheet = {},
                                                     const QString &encoding = {});

    /// Reads the next row into cells; false at the end of the table or on an error (see error()).
    virtual bool next(QStringList &cells) = 0;
    /// The row number of the last row next() returned, as a spreadsheet shows it (1 = first row).
    virtual int rowNumber() const = 0;
    /// Why reading stopped early, when it did.
    virtual std::optional<Error> error() const = 0;
    /// How far reading has got, from 0 to 1000, for progress bars.
    virtual int permille() const = 0;
};

} // namespace Leadline
