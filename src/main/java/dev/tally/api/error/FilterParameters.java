package dev.tally.api.error;

import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Schema;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The filter grammar's query parameters in the OpenAPI document (docs/adr/0115), written once for every
 * surface that reads it (analytics, events, export, export jobs): those surfaces read the whole query map,
 * so the parameters are declared on the method rather than bound as arguments.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@Parameter(in = ParameterIn.QUERY, name = "domain", description = "Filter on domain: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "key", description = "Filter on key: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "linkId", description = "Filter on linkId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "pageId", description = "Filter on pageId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "externalId", description = "Filter on externalId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "tenantId", description = "Filter on tenantId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "tagId", description = "Filter on tagId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "tagIds", description = "Filter on tagIds: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "folderId", description = "Filter on folderId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "groupId", description = "Filter on groupId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "partnerId", description = "Filter on partnerId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "customerId", description = "Filter on customerId: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "country", description = "Filter on country: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "city", description = "Filter on city: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "region", description = "Filter on region: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "continent", description = "Filter on continent: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "device", description = "Filter on device: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "browser", description = "Filter on browser: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "os", description = "Filter on os: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "trigger", description = "Filter on trigger: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "referer", description = "Filter on referer: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "refererUrl", description = "Filter on refererUrl: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "url", description = "Filter on url: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "utm_source", description = "Filter on utm_source: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "utm_medium", description = "Filter on utm_medium: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "utm_campaign", description = "Filter on utm_campaign: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "utm_term", description = "Filter on utm_term: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "utm_content", description = "Filter on utm_content: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
@Parameter(in = ParameterIn.QUERY, name = "saleType", description = "Filter on saleType: one value, a comma-separated list, or -value[,value] to exclude", schema = @Schema(type = "string"))
public @interface FilterParameters {
}
