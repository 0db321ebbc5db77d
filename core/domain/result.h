#pragma once

#include <QString>

#include <optional>
#include <utility>
#include <variant>

namespace Leadline {

/// An error a person can act on: a message for the user and, optionally, the field it concerns.
struct Error
{
    Error() = default;
    Error(QString text, QString fieldName = {})
        : message(std::move(text))
        , field(std::move(fieldName))
    {}

    /// The record asked for does not exist (deleted, merged away, not synced yet): an answer,
    /// not a failure of the workspace.
    static Error notFound(QString text)
    {
        Error error(std::move(text));
        error.missing = true;
        return error;
    }

    QString message;
    QString field;
    bool missing = false;
};

/// A value or an Error. Errors cross layers as values, never as exceptions.
template<typename T>
class [[nodiscard]] Result final
{
public:
    Result(T value) : m_data(std::move(value)) {}
    Result(Error error) : m_data(std::move(error)) {}

    bool ok() const { return std::holds_alternative<T>(m_data); }
    explicit operator bool() const { return ok(); }

    const T &value() const & { return std::get<T>(m_data); }
    T &value() & { return std::get<T>(m_data); }
    T &&value() && { return std::get<T>(std::move(m_data)); }
    const T &operator*() const & { return value(); }
    const T *operator->() const { return &value(); }

    const Error &error() const { return std::get<Error>(m_data); }
    QString message() const { return ok() ? QString() : error().message; }

private:
    std::variant<T, Error> m_data;
};

template<>
class [[nodiscard]] Result<void> final
{
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    const Error &error() const { return *m_error; }
    QString message() const { return ok() ? QString() : m_error->message; }

private:
    std::optional<Error> m_error;
};

using Status = Result<void>;

} // namespace Leadline
