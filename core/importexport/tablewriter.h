#pragma once

#include "core/domain/result.h"

#include <QCoreApplication>
#include <QStringList>
#include <QVariantList>

#include <memory>
#include <optional>

namespace Leadline {

/// Writes a table row by row to CSV (UTF-8 with BOM, so Excel opens Chinese correctly; CRLF;
/// quoted where needed) or XLSX (libxlsxwriter, cells as text so phone numbers keep every
/// digit; rows streamed so memory stays flat).
class TableWriter
{
public:
    enum class Format { Csv, Xlsx };

    virtual ~TableWriter() = default;
    /// Opens path for writing; sheet names the XLSX worksheet.
    static Result<std::unique_ptr<TableWriter>> create(const QString &path, Format format,
                                                       const QString &sheet = {});
    /// "csv" or "xlsx" (any case), or nothing.
    static std::optional<Format> formatNamed(const QString &name);

    virtual Status writeRow(const QStringList &cells) = 0;
    /// Writes a row whose numbers (int, long long, double) stay numbers in XLSX; in CSV they are
    /// written in full. Any other value is written as its text.
    virtual Status writeValues(const QVariantList &cells);
    /// Finishes the file; a writer not closed leaves an incomplete file.
    virtual Status close() = 0;
};

} // namespace Leadline
