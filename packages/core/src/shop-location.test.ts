import { describe, expect, it } from 'vitest';
import { shopCoordinates, shopMapsUrl } from './settings.ts';

describe('shop location', () => {
  it.each([
    [{ latitude: 48.8674, longitude: 2.3636 }, '48.8674,2.3636'],
    [{ latitude: -21.1151234567, longitude: 55.5363999 }, '-21.115123,55.5364'],
    [{ latitude: 0, longitude: -180 }, '0,-180'],
  ])('writes the coordinates as lat,lon (%o)', (location, text) => {
    expect(shopCoordinates(location)).toBe(text);
  });

  it('uses the shop’s maps URL when set, else derives Google Maps’ search URL', () => {
    const base = { latitude: 48.8674, longitude: 2.3636, label: "O'MEGA Services" };
    expect(shopMapsUrl({ ...base, mapsUrl: 'https://maps.app.goo.gl/abc123' })).toBe(
      'https://maps.app.goo.gl/abc123',
    );
    expect(shopMapsUrl({ ...base, mapsUrl: null })).toBe(
      'https://www.google.com/maps/search/?api=1&query=48.8674,2.3636',
    );
  });
});
