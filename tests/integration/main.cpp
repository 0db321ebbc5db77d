#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include "serverenvironment.h"

#include <QApplication>
#include <QLocale>

#include <cstdio>

int main(int argc, char *argv[])
{
    QApplication app(argc, argv); // offscreen: a few tests open a window
    QLocale::setDefault(QLocale(QLocale::English, QLocale::UnitedStates));
    Leadline::Test::PgServer &server = Leadline::Test::ServerEnvironment::server();
    if (!server.start()) {
        std::fprintf(stderr, "cannot start the test PostgreSQL: %s\n",
                     server.lastError().toLocal8Bit().constData());
        return 2;
    }
    const int failed = Catch::Session().run(argc, argv);
    server.stop();
    return failed;
}
