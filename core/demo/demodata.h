#pragma once

#include <QList>
#include <QString>
#include <QStringList>

namespace Leadline {

/// A city of the demo data: where companies sit, their landline area code and sales region.
struct DemoCity
{
    QString name;
    QString areaCode; ///< without the trunk 0, e.g. "571"
    QString region;
};

/// An industry of the demo data with the words its company names use.
struct DemoIndustry
{
    QString name;
    QStringList companyWords;
    int weight;
};

/// A fixed staff member of the demo workspace.
struct DemoPerson
{
    QString name;
    QString login;
};

/// The word lists the demo generator draws from. Fixed data, no randomness here.
class DemoData final
{
public:
    static const QStringList &surnames();       ///< most common first
    static const QStringList &surnamePinyin();   ///< same order as surnames()
    static const QList<int> &surnameWeights();
    static const QStringList &givenNameChars();
    static const QList<DemoCity> &cities();
    static const QList<DemoIndustry> &industries();
    static const QStringList &brandNames();      ///< 字号
    static const QStringList &brandPinyin();     ///< same order as brandNames()
    static const QStringList &sources();         ///< the stored source values
    static const QList<int> &sourceWeights();
    static const QStringList &titles();          ///< contact job titles
    static const QStringList &tags();
    static const QList<DemoPerson> &agents();
    static const QList<DemoPerson> &supervisors();
    static const QStringList &teamNames();
    static const QStringList &connectNotes();    ///< what an agent writes after a conversation
    static const QStringList &nextSteps();
    static const QStringList &freeNotes();
    static const QStringList &todoTitles();
    static const QStringList &lossReasons();
};

} // namespace Leadline
