package model

import (
	"fmt"
	"math"
	"strconv"
)

// A place in the crime picture is police.uk's snap point: the latitude
// and longitude as published, with the point's name. police.uk moves every
// crime to the nearest of a fixed set of anonymous map points and names
// the point after what is there ("On or near Shopping Area"), so generic
// names recur across a ward: two "Shopping Area" points a kilometre apart
// are two places. Points that share a name are told apart by a number in
// the order of their grid references, "Shopping Area (2)", and by the
// grid reference itself.

// CrimePlace is one snap point.
type CrimePlace struct {
	// Name is the location as published: "On or near Shopping Area".
	Name      string  `json:"name"`
	HasPoint  bool    `json:"has_point,omitempty"`
	Longitude float64 `json:"longitude,omitempty"`
	Latitude  float64 `json:"latitude,omitempty"`
	// Label is the name for people, without "On or near", numbered when
	// another point has the same name: "Shopping Area (2)".
	Label string `json:"label"`
	// GridRef is the point's Ordnance Survey grid reference to 100 m,
	// "TQ 301 796" ("" outside Great Britain's grid or without a point).
	GridRef string `json:"grid_ref,omitempty"`
}

// placeKey identifies a place: its name and its point as published.
type placeKey struct {
	name     string
	hasPoint bool
	lon, lat float64
}

func (p CrimePlace) key() placeKey {
	return placeKey{name: p.Name, hasPoint: p.HasPoint, lon: p.Longitude, lat: p.Latitude}
}

// PlaceOfCrime is the crime's place (unlabelled: CrimeCounts labels them).
func (c Crime) PlaceOfCrime() CrimePlace {
	return CrimePlace{Name: c.Location, HasPoint: c.HasPoint, Longitude: c.Longitude, Latitude: c.Latitude}
}

// DistanceMetres is the great-circle distance between two places' points
// (a sphere of the Earth's mean radius: metres off at most, over a ward).
func DistanceMetres(a, b CrimePlace) float64 {
	const r = 6371008.8
	la1, la2 := a.Latitude*math.Pi/180, b.Latitude*math.Pi/180
	dla, dlo := la2-la1, (b.Longitude-a.Longitude)*math.Pi/180
	h := math.Sin(dla/2)*math.Sin(dla/2) + math.Cos(la1)*math.Cos(la2)*math.Sin(dlo/2)*math.Sin(dlo/2)
	return 2 * r * math.Asin(math.Min(1, math.Sqrt(h)))
}

// GridRef is the Ordnance Survey National Grid reference of a WGS84
// point, to 100 m ("TQ 301 796"), or "" off the grid. police.uk publishes
// WGS84; the grid is on OSGB36, so the point goes through the Helmert
// transform (good to a few metres) and then the Transverse Mercator.
func GridRef(lon, lat float64) string {
	e, n, ok := osgbEastNorth(lon, lat)
	if !ok {
		return ""
	}
	e100, n100 := int(e/100), int(n/100)
	return gridLetters(int(e)/100000, int(n)/100000) + " " +
		fmt.Sprintf("%03d %03d", e100%1000, n100%1000)
}

// gridLetters are the two letters of the 100 km square (e, n in 100 km).
func gridLetters(e, n int) string {
	l1 := (19 - n) - (19-n)%5 + (e+10)/5
	l2 := (19-n)*5%25 + e%5
	letter := func(i int) byte {
		if i > 7 {
			i++ // the grid has no I
		}
		return byte('A' + i)
	}
	return string([]byte{letter(l1), letter(l2)})
}

func osgbEastNorth(lon, lat float64) (e, n float64, ok bool) {
	if lat < 49 || lat > 61 || lon < -9 || lon > 2.5 {
		return 0, 0, false
	}
	rad := math.Pi / 180
	// WGS84 lat/lon to cartesian.
	x, y, z := toCartesian(lat*rad, lon*rad, 6378137.000, 6356752.3141)
	// Helmert, WGS84 to OSGB36.
	const (
		tx, ty, tz = -446.448, 125.157, -542.060
		s          = 20.4894e-6
		rx, ry, rz = -0.1502 / 3600, -0.2470 / 3600, -0.8421 / 3600
	)
	rxr, ryr, rzr := rx*rad, ry*rad, rz*rad
	x2 := tx + (1+s)*x - rzr*y + ryr*z
	y2 := ty + rzr*x + (1+s)*y - rxr*z
	z2 := tz - ryr*x + rxr*y + (1+s)*z
	phi, lam := fromCartesian(x2, y2, z2, 6377563.396, 6356256.909)
	// Transverse Mercator on Airy 1830.
	const a, b = 6377563.396, 6356256.909
	const f0 = 0.9996012717
	phi0, lam0 := 49*rad, -2*rad
	const n0, e0 = -100000.0, 400000.0
	e2 := 1 - b*b/(a*a)
	nn := (a - b) / (a + b)
	sinP, cosP, tanP := math.Sin(phi), math.Cos(phi), math.Tan(phi)
	nu := a * f0 / math.Sqrt(1-e2*sinP*sinP)
	rho := a * f0 * (1 - e2) / math.Pow(1-e2*sinP*sinP, 1.5)
	eta2 := nu/rho - 1
	dp, sp := phi-phi0, phi+phi0
	ma := (1 + nn + 5.0/4*nn*nn + 5.0/4*nn*nn*nn) * dp
	mb := (3*nn + 3*nn*nn + 21.0/8*nn*nn*nn) * math.Sin(dp) * math.Cos(sp)
	mc := (15.0/8*nn*nn + 15.0/8*nn*nn*nn) * math.Sin(2*dp) * math.Cos(2*sp)
	md := 35.0 / 24 * nn * nn * nn * math.Sin(3*dp) * math.Cos(3*sp)
	m := b * f0 * (ma - mb + mc - md)
	i := m + n0
	ii := nu / 2 * sinP * cosP
	iii := nu / 24 * sinP * math.Pow(cosP, 3) * (5 - tanP*tanP + 9*eta2)
	iiia := nu / 720 * sinP * math.Pow(cosP, 5) * (61 - 58*tanP*tanP + math.Pow(tanP, 4))
	iv := nu * cosP
	v := nu / 6 * math.Pow(cosP, 3) * (nu/rho - tanP*tanP)
	vi := nu / 120 * math.Pow(cosP, 5) * (5 - 18*tanP*tanP + math.Pow(tanP, 4) + 14*eta2 - 58*tanP*tanP*eta2)
	dl := lam - lam0
	n = i + ii*dl*dl + iii*math.Pow(dl, 4) + iiia*math.Pow(dl, 6)
	e = e0 + iv*dl + v*math.Pow(dl, 3) + vi*math.Pow(dl, 5)
	if e < 0 || e >= 700000 || n < 0 || n >= 1300000 {
		return 0, 0, false
	}
	return e, n, true
}

func toCartesian(phi, lam, a, b float64) (x, y, z float64) {
	e2 := 1 - b*b/(a*a)
	nu := a / math.Sqrt(1-e2*math.Sin(phi)*math.Sin(phi))
	return nu * math.Cos(phi) * math.Cos(lam), nu * math.Cos(phi) * math.Sin(lam), nu * (1 - e2) * math.Sin(phi)
}

func fromCartesian(x, y, z, a, b float64) (phi, lam float64) {
	e2 := 1 - b*b/(a*a)
	p := math.Hypot(x, y)
	phi = math.Atan2(z, p*(1-e2))
	for range 10 {
		nu := a / math.Sqrt(1-e2*math.Sin(phi)*math.Sin(phi))
		phi = math.Atan2(z+e2*nu*math.Sin(phi), p)
	}
	return phi, math.Atan2(y, x)
}

// labelPlaces gives each place its Label and GridRef; points that share a
// name are numbered in the order of their grid references (then points),
// so the numbering does not depend on the order crimes were read.
func labelPlaces(places []CrimePlace) {
	byName := map[string][]int{}
	for i := range places {
		p := &places[i]
		if p.HasPoint {
			p.GridRef = GridRef(p.Longitude, p.Latitude)
		}
		byName[p.Name] = append(byName[p.Name], i)
	}
	for _, idx := range byName {
		sortPlaceIdx(places, idx)
		for n, i := range idx {
			p := &places[i]
			p.Label = PlaceOf(p.Name)
			if p.Label == "" {
				p.Label = "(no description)"
			}
			if len(idx) > 1 {
				p.Label += " (" + strconv.Itoa(n+1) + ")"
			}
		}
	}
}

func sortPlaceIdx(places []CrimePlace, idx []int) {
	less := func(a, b CrimePlace) bool {
		if a.GridRef != b.GridRef {
			return a.GridRef < b.GridRef
		}
		if a.Latitude != b.Latitude {
			return a.Latitude > b.Latitude
		}
		return a.Longitude < b.Longitude
	}
	for i := 1; i < len(idx); i++ {
		for j := i; j > 0 && less(places[idx[j]], places[idx[j-1]]); j-- {
			idx[j], idx[j-1] = idx[j-1], idx[j]
		}
	}
}
