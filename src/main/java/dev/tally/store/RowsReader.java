package dev.tally.store;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads {@link #FORMAT} output (names line, types line, then one JSON array per row) into {@link Rows}.
 * Both engines ask ClickHouse for this format, so both produce identically typed rows.
 */
final class RowsReader {
    /** The ClickHouse output format this reader understands. */
    static final String FORMAT = "JSONCompactEachRowWithNamesAndTypes";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private RowsReader() {
    }

    static Rows read(byte[] buffer, int offset, int length) {
        try (JsonParser parser = JSON.createParser(buffer, offset, length)) {
            return read(parser);
        } catch (IOException e) {
            throw new StoreException(0, "unreadable result from ClickHouse: " + e.getMessage(), e);
        }
    }

    static Rows read(InputStream in) {
        try (JsonParser parser = JSON.createParser(in)) {
            return read(parser);
        } catch (IOException e) {
            throw new StoreException(0, "unreadable result from ClickHouse: " + e.getMessage(), e);
        }
    }

    private static Rows read(JsonParser parser) throws IOException {
        if (parser.nextToken() == null) {
            return new Rows(List.of(), List.of());
        }
        List<String> names = readStrings(parser);
        parser.nextToken();
        List<String> types = readStrings(parser);
        List<Column> columns = new ArrayList<>(names.size());
        List<ValueDecoder> decoders = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            columns.add(new Column(names.get(i), types.get(i)));
            decoders.add(ValueDecoder.forType(types.get(i)));
        }
        Map<String, Integer> indexByName = Rows.indexByName(columns);
        List<Row> rows = new ArrayList<>();
        while (parser.nextToken() == JsonToken.START_ARRAY) {
            Object[] values = new Object[columns.size()];
            for (int i = 0; i < values.length; i++) {
                parser.nextToken();
                values[i] = decoders.get(i).decode(parser);
            }
            if (parser.nextToken() != JsonToken.END_ARRAY) {
                throw new IOException("row wider than its " + values.length + " columns");
            }
            rows.add(new Row(indexByName, values));
        }
        return new Rows(columns, rows);
    }

    private static List<String> readStrings(JsonParser parser) throws IOException {
        if (parser.currentToken() != JsonToken.START_ARRAY) {
            throw new IOException("expected a header array, got " + parser.currentToken());
        }
        List<String> values = new ArrayList<>();
        while (parser.nextToken() != JsonToken.END_ARRAY) {
            values.add(parser.getText());
        }
        return values;
    }
}
