#include "commands.h"

#include <QCoreApplication>

namespace Leadline::Cli {

void declareDemo(QCommandLineParser &parser)
{
    parser.addOption({QStringLiteral("customers"),
                      QCoreApplication::translate("Leadline::Cli", "Number of customers."),
                      QStringLiteral("N"), QStringLiteral("1000")});
    parser.addOption({QStringLiteral("seed"),
                      QCoreApplication::translate("Leadline::Cli", "Random seed (same seed, same data)."),
                      QStringLiteral("S"), QStringLiteral("1")});
}

int runDemo(Context &)
{
    return fail(QCoreApplication::translate("Leadline::Cli", "demo: the generator is being added"));
}

} // namespace Leadline::Cli
