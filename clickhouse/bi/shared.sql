-- BI access on a ClickHouse server, shared by every workspace (docs/adr/0125-bi-server-mode.md).
-- Rendered and run by dev.tally.sql.BiServerSql once per Tally process, idempotently, as Tally's own user
-- (which needs SQL-driven access control: access_management, a writable access storage). Placeholders in
-- braces are filled from Tally's configuration (tally.bi.*), never from a request.
CREATE ROLE IF NOT EXISTS tally_bi;
CREATE SETTINGS PROFILE IF NOT EXISTS tally_bi;
ALTER SETTINGS PROFILE tally_bi SETTINGS readonly = 1 CONST, allow_ddl = 0 CONST, allow_introspection_functions = 0 CONST, max_execution_time = {max_execution_time} MIN 0 MAX {max_execution_time} CHANGEABLE_IN_READONLY, max_result_rows = {max_result_rows} MIN 0 MAX {max_result_rows} CHANGEABLE_IN_READONLY, max_result_bytes = {max_result_bytes} MIN 0 MAX {max_result_bytes} CHANGEABLE_IN_READONLY, max_rows_to_read = {max_rows_to_read} MIN 0 MAX {max_rows_to_read} CHANGEABLE_IN_READONLY, max_memory_usage = {max_memory_usage} MIN 0 MAX {max_memory_usage} CHANGEABLE_IN_READONLY, max_threads = {max_threads} MIN 1 MAX {max_threads} CHANGEABLE_IN_READONLY, max_block_size = 65536 MIN 1 MAX 65536 CHANGEABLE_IN_READONLY, max_recursive_cte_evaluation_depth = 100 CONST, result_overflow_mode CHANGEABLE_IN_READONLY, extremes CHANGEABLE_IN_READONLY, join_use_nulls CHANGEABLE_IN_READONLY, session_timezone CHANGEABLE_IN_READONLY, date_time_output_format CHANGEABLE_IN_READONLY, output_format_json_quote_64bit_integers CHANGEABLE_IN_READONLY, output_format_json_quote_64bit_floats CHANGEABLE_IN_READONLY, output_format_json_quote_decimals CHANGEABLE_IN_READONLY, output_format_json_quote_denormals CHANGEABLE_IN_READONLY, output_format_json_named_tuples_as_objects CHANGEABLE_IN_READONLY, output_format_json_escape_forward_slashes CHANGEABLE_IN_READONLY, output_format_write_statistics CHANGEABLE_IN_READONLY, output_format_decimal_trailing_zeros CHANGEABLE_IN_READONLY, output_format_csv_crlf_end_of_line CHANGEABLE_IN_READONLY, output_format_tsv_crlf_end_of_line CHANGEABLE_IN_READONLY, log_comment CHANGEABLE_IN_READONLY TO tally_bi;
CREATE QUOTA IF NOT EXISTS tally_bi;
ALTER QUOTA tally_bi KEYED BY user_name FOR INTERVAL 1 minute MAX queries = {queries_per_minute}, FOR INTERVAL 1 hour MAX execution_time = {execution_seconds_per_hour}, read_rows = {read_rows_per_hour} TO tally_bi;
GRANT SELECT ON system.one TO tally_bi;
GRANT SELECT ON system.databases TO tally_bi;
GRANT SELECT ON system.tables TO tally_bi;
GRANT SELECT ON system.columns TO tally_bi;
GRANT SELECT ON system.functions TO tally_bi;
GRANT SELECT ON system.data_type_families TO tally_bi;
GRANT SELECT ON system.table_functions TO tally_bi;
