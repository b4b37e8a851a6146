/**
 * The campaigns of issue #16 that run against broker-stub in a JVM of its own ({@code CampaignBroker}): structure-aware
 * fuzzing of every API and version it serves ({@code BrokerFuzzTest}, {@code RequestFuzzer}, {@code RequestMutation})
 * and its resource limits under many idle, stalled and non-reading clients ({@code ResourceLimitsCampaignTest}).
 */
package io.petrel.broker.campaign;
