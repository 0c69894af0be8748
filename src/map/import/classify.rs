//! Which OpenStreetMap objects the street map draws, and as what (see the tag documentation of
//! OpenStreetMap: highway=*, railway=*, waterway=*, natural=*, landuse=*, leisure=*, building=*,
//! place=*).

use crate::map::street::feature::Class;

/// The tags of one object as (key, value) pairs.
pub type Tags<'a> = [(&'a str, &'a str)];

fn tag<'a>(tags: &Tags<'a>, key: &str) -> Option<&'a str> {
    tags.iter().find(|(k, _)| *k == key).map(|(_, v)| *v)
}

/// The name shown on the map: the Polish name when the object has one.
pub fn name(tags: &Tags) -> String {
    tag(tags, "name:pl")
        .or_else(|| tag(tags, "name"))
        .unwrap_or_default()
        .to_string()
}

/// What an area (a closed way, or a multipolygon relation) is, if the map draws it.
pub fn area(tags: &Tags) -> Option<Class> {
    if tag(tags, "building").is_some_and(|v| v != "no") {
        return Some(Class::Building);
    }
    if tag(tags, "natural").is_some_and(|v| v == "water" || v == "bay")
        || tag(tags, "waterway").is_some_and(|v| v == "riverbank" || v == "dock")
        || tag(tags, "landuse").is_some_and(|v| v == "reservoir" || v == "basin")
        || tag(tags, "leisure") == Some("swimming_pool")
    {
        return Some(Class::Water);
    }
    let landuse = tag(tags, "landuse");
    let natural = tag(tags, "natural");
    let leisure = tag(tags, "leisure");
    if landuse == Some("forest") || natural == Some("wood") {
        return Some(Class::Forest);
    }
    if matches!(
        leisure,
        Some("park" | "garden" | "playground" | "pitch" | "recreation_ground" | "golf_course")
    ) || matches!(
        landuse,
        Some("grass" | "village_green" | "recreation_ground" | "allotments" | "orchard")
    ) {
        return Some(Class::Park);
    }
    if matches!(landuse, Some("meadow")) || matches!(natural, Some("grassland" | "heath" | "scrub"))
    {
        return Some(Class::Meadow);
    }
    if matches!(natural, Some("wetland")) {
        return Some(Class::Meadow);
    }
    if matches!(landuse, Some("farmland" | "farmyard")) {
        return Some(Class::Farmland);
    }
    if matches!(landuse, Some("cemetery")) || tag(tags, "amenity") == Some("grave_yard") {
        return Some(Class::Cemetery);
    }
    if matches!(landuse, Some("residential")) {
        return Some(Class::Residential);
    }
    if matches!(
        landuse,
        Some("industrial" | "commercial" | "retail" | "railway" | "construction" | "garages")
    ) {
        return Some(Class::Industrial);
    }
    None
}

/// What a line (a way that is not an area) is, if the map draws it.
pub fn line(tags: &Tags) -> Option<Class> {
    if let Some(highway) = tag(tags, "highway") {
        if tag(tags, "area") == Some("yes") {
            return None;
        }
        return match highway {
            "motorway" | "motorway_link" => Some(Class::Motorway),
            "trunk" | "trunk_link" => Some(Class::Trunk),
            "primary" | "primary_link" => Some(Class::Primary),
            "secondary" | "secondary_link" => Some(Class::Secondary),
            "tertiary" | "tertiary_link" => Some(Class::Tertiary),
            "residential" | "unclassified" | "living_street" | "road" | "pedestrian" => {
                Some(Class::Minor)
            }
            "service" => Some(Class::Service),
            "footway" | "cycleway" | "path" | "track" | "steps" | "bridleway" => Some(Class::Path),
            _ => None,
        };
    }
    if let Some(railway) = tag(tags, "railway") {
        return match railway {
            "rail" | "light_rail" | "narrow_gauge" | "subway" => Some(Class::Rail),
            "tram" => Some(Class::Tram),
            _ => None,
        };
    }
    match tag(tags, "waterway") {
        Some("river" | "canal") => Some(Class::River),
        Some("stream" | "ditch" | "drain") => Some(Class::Stream),
        _ => None,
    }
}

/// What a closed way is: an area when its tags say so (a closed road is still a line unless
/// tagged `area=yes`; a closed railway or river is a line).
pub fn closed_way(tags: &Tags) -> Option<(Class, bool)> {
    if let Some(class) = line(tags) {
        return Some((class, false));
    }
    area(tags).map(|class| (class, true))
}

/// A named place shown as a label.
pub fn place(tags: &Tags) -> Option<Class> {
    if name(tags).is_empty() {
        return None;
    }
    match tag(tags, "place")? {
        "city" => Some(Class::City),
        "town" => Some(Class::Town),
        "village" => Some(Class::Village),
        "suburb" | "borough" | "quarter" => Some(Class::Suburb),
        "hamlet" | "neighbourhood" | "isolated_dwelling" => Some(Class::Hamlet),
        _ => None,
    }
}

/// Whether a relation is an area made of rings (type=multipolygon, or a boundary-less riverbank
/// drawn the old way).
pub fn is_multipolygon(tags: &Tags) -> bool {
    tag(tags, "type") == Some("multipolygon")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roads_are_classed_by_their_highway_tag() {
        assert_eq!(line(&[("highway", "primary")]), Some(Class::Primary));
        assert_eq!(line(&[("highway", "motorway_link")]), Some(Class::Motorway));
        assert_eq!(line(&[("highway", "living_street")]), Some(Class::Minor));
        assert_eq!(line(&[("highway", "footway")]), Some(Class::Path));
        assert_eq!(line(&[("highway", "bus_stop")]), None);
        assert_eq!(line(&[("highway", "pedestrian"), ("area", "yes")]), None);
    }

    #[test]
    fn railways_and_waterways_are_lines() {
        assert_eq!(line(&[("railway", "rail")]), Some(Class::Rail));
        assert_eq!(line(&[("railway", "tram")]), Some(Class::Tram));
        assert_eq!(line(&[("railway", "abandoned")]), None);
        assert_eq!(line(&[("waterway", "river")]), Some(Class::River));
        assert_eq!(line(&[("waterway", "ditch")]), Some(Class::Stream));
    }

    #[test]
    fn areas_are_water_green_land_or_buildings() {
        assert_eq!(area(&[("natural", "water")]), Some(Class::Water));
        assert_eq!(area(&[("waterway", "riverbank")]), Some(Class::Water));
        assert_eq!(area(&[("landuse", "forest")]), Some(Class::Forest));
        assert_eq!(area(&[("natural", "wood")]), Some(Class::Forest));
        assert_eq!(area(&[("leisure", "park")]), Some(Class::Park));
        assert_eq!(area(&[("landuse", "meadow")]), Some(Class::Meadow));
        assert_eq!(area(&[("building", "yes")]), Some(Class::Building));
        assert_eq!(area(&[("building", "no")]), None);
        assert_eq!(area(&[("amenity", "bench")]), None);
    }

    #[test]
    fn a_closed_road_stays_a_line_and_a_closed_park_is_an_area() {
        assert_eq!(
            closed_way(&[("highway", "residential")]),
            Some((Class::Minor, false))
        );
        assert_eq!(
            closed_way(&[("leisure", "park")]),
            Some((Class::Park, true))
        );
        assert_eq!(closed_way(&[("barrier", "fence")]), None);
    }

    #[test]
    fn places_need_a_name_and_the_polish_name_wins() {
        assert_eq!(place(&[("place", "town")]), None);
        assert_eq!(
            place(&[("place", "city"), ("name", "Toruń")]),
            Some(Class::City)
        );
        assert_eq!(name(&[("name", "Thorn"), ("name:pl", "Toruń")]), "Toruń");
        assert!(is_multipolygon(&[("type", "multipolygon")]));
        assert!(!is_multipolygon(&[("type", "route")]));
    }
}
