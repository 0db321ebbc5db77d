#pragma once

#include "tests/support/pgserver.h"

#include <QString>

#include <catch2/catch.hpp>

namespace Leadline::Test {

/// The one PostgreSQL server of this test run, started by main() before any test case.
class ServerEnvironment final
{
public:
    static PgServer &server();
    /// A new database with the Leadline server schema applied; returns its superuser URL. It is
    /// a copy of a database migrated once per run (CREATE DATABASE … TEMPLATE), so the randomized
    /// tests can afford hundreds of fresh servers.
    static QString freshDatabase();
    /// A new database without any schema; returns its superuser URL.
    static QString emptyDatabase();
    /// From now on, each freshDatabase() starts making the next copy on a thread of its own, so
    /// a test that uses many fresh servers in a row does not wait for the copy (CREATE DATABASE
    /// with FILE_COPY takes a checkpoint). Off again with false, which waits for the pending copy.
    static void makeAhead(bool on);
    /// Waits until the copy being made ahead (if any) is done, e.g. before the server stops.
    static void waitAhead();
};

} // namespace Leadline::Test

namespace Catch {
template<>
struct StringMaker<QString>
{
    static std::string convert(const QString &value) { return '"' + value.toStdString() + '"'; }
};
} // namespace Catch
