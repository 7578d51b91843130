package dev.coffer.cli;

import dev.coffer.export.ExportFormat;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Accepts {@code mbox} or {@code eml}, in any case. */
final class ExportFormatConverter implements ITypeConverter<ExportFormat> {

    @Override
    public ExportFormat convert(String value) {
        try {
            return ExportFormat.valueOf(value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException("'" + value + "' is not an export format: use mbox or eml");
        }
    }
}
